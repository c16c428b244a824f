import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sendTable } from '../exports/send'
import { errorResponses } from '../schemas'
import { templateTable } from './schools-file'
import {
  IMPORT_BODY_LIMIT,
  ImportBodySchema,
  ImportQuerySchema,
  ImportResultSchema,
  NewSchoolSchema,
  SchoolChangeSchema,
  SchoolListQuerySchema,
  SchoolListSchema,
  SchoolParamsSchema,
  SchoolSchema,
  TemplateQuerySchema,
} from './schools.schemas'
import * as schools from './schools.service'

export const schoolsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/schools',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['schools'],
        summary: 'The schools you can see: every school for district staff, your own for a school team; archived ones only with archived=true',
        querystring: SchoolListQuerySchema,
        response: { 200: SchoolListSchema },
      },
    },
    async (request) => ({ schools: await schools.schoolsVisibleTo(app.db, request.user!, { archived: request.query.archived === true }) }),
  )

  app.post(
    '/api/schools',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['schools'],
        summary: 'A new school: its name, grades and code (or CDS code), and what else is known',
        body: NewSchoolSchema,
        response: { 201: SchoolSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await schools.createSchool(app.db, request.user!, request.body)),
  )

  app.patch(
    '/api/schools/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['schools'],
        summary: "Changes a school's fields; those left out stay as they are",
        params: SchoolParamsSchema,
        body: SchoolChangeSchema,
        response: { 200: SchoolSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => schools.changeSchool(app.db, request.user!, request.params.id, request.body),
  )

  app.post(
    '/api/schools/:id/archive',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['schools'],
        summary: 'Archives a school: it leaves the directory and new administrations; its history stays',
        params: SchoolParamsSchema,
        response: { 200: SchoolSchema, ...errorResponses(404, 409) },
      },
    },
    async (request) => schools.setArchived(app.db, request.user!, request.params.id, true),
  )

  app.post(
    '/api/schools/:id/restore',
    {
      config: { access: 'admin' },
      schema: { tags: ['schools'], summary: 'Brings an archived school back into the directory', params: SchoolParamsSchema, response: { 200: SchoolSchema, ...errorResponses(404, 409) } },
    },
    async (request) => schools.setArchived(app.db, request.user!, request.params.id, false),
  )

  app.delete(
    '/api/schools/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['schools'],
        summary: 'Deletes a school entered by mistake: only one without responses that never took part in an administration (archive the others)',
        params: SchoolParamsSchema,
        response: { 204: Type.Null(), ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await schools.deleteSchool(app.db, request.user!, request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/schools/template',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['schools'],
        summary: "The schools file's columns with two example schools, as CSV (default) or XLSX",
        querystring: TemplateQuerySchema,
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (request, reply) => sendTable(reply, templateTable(), request.query.format ?? 'csv', 'schools-template'),
  )

  app.post(
    '/api/schools/import',
    {
      config: { access: 'admin' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['schools'],
        summary:
          "Imports a schools file (the district's CSV or XLSX, or the state's public schools file for one district) in one transaction: any problem is reported by line and column and nothing is imported; preview=true only checks and says what would change",
        querystring: ImportQuerySchema,
        body: ImportBodySchema,
        response: { 200: ImportResultSchema, ...errorResponses(400, 409) },
      },
    },
    async (request) =>
      schools.importSchools(app.db, request.user!, Buffer.from(request.body.file, 'base64'), { preview: request.query.preview === true, district: request.body.district }),
  )
}
