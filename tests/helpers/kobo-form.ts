import ExcelJS from 'exceljs'

/**
 * An XLSForm as KoboToolbox writes one: three languages (English, Spanish, Arabic, each as `label::Name (code)`),
 * the device metadata Kobo adds by default, a select_one whose answer opens a select_multiple, a text opened by one
 * choice of that select_multiple, a note, and a table-list grid; none of the engine's `ana::` columns.
 */
export async function koboForm(options: { formId?: string; extraRows?: (string | null)[][] } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const survey = workbook.addWorksheet('survey')
  survey.addRow(['type', 'name', 'label::English (en)', 'label::Español (es)', 'label::العربية (ar)', 'hint::English (en)', 'hint::Español (es)', 'hint::العربية (ar)', 'relevant', 'required', 'appearance'])
  const rows: (string | null)[][] = [
    ['start', 'start'],
    ['deviceid', 'deviceid'],
    ['begin_group', 'getting_here', 'Getting to school', 'Cómo llega a la escuela', 'الوصول إلى المدرسة', null, null, null, null, null, 'field-list'],
    ['select_one yes_no', 'has_car', 'Does your family have a car?', '¿Su familia tiene carro?', 'هل لدى عائلتك سيارة؟', null, null, null, null, 'yes'],
    ['select_multiple transport', 'transport_used', 'How does your child get to school?', '¿Cómo llega su hijo a la escuela?', 'كيف يصل طفلك إلى المدرسة؟', 'Check all that apply.', 'Marque todas las que correspondan.', 'اختر كل ما ينطبق.', "${has_car} = 'no'"],
    ['text', 'transport_other', 'What other way?', '¿De qué otra forma?', 'ما الطريقة الأخرى؟', null, null, null, "selected(${transport_used}, 'other')"],
    ['end_group', 'getting_here'],
    ['begin_group', 'feelings_page', 'How your child feels', 'Cómo se siente su hijo', 'كيف يشعر طفلك', null, null, null, null, null, 'field-list'],
    ['note', 'feelings_note', 'There are no right or wrong answers.', 'No hay respuestas correctas ni incorrectas.', 'لا توجد إجابات صحيحة أو خاطئة.'],
    ['begin_group', 'feelings', 'How often does your child…', '¿Con qué frecuencia su hijo…', 'كم مرة يشعر طفلك…', null, null, null, null, null, 'table-list'],
    ['select_one often', 'feel_safe', 'feel safe at school?', '¿se siente seguro en la escuela?', 'بالأمان في المدرسة؟'],
    ['select_one often', 'feel_welcome', 'feel welcome at school?', '¿se siente bienvenido en la escuela?', 'بالترحيب في المدرسة؟'],
    ['end_group', 'feelings'],
    ['end_group', 'feelings_page'],
    ...(options.extraRows ?? []),
  ]
  for (const row of rows) survey.addRow(row)
  const choices = workbook.addWorksheet('choices')
  choices.addRow(['list_name', 'name', 'label::English (en)', 'label::Español (es)', 'label::العربية (ar)'])
  for (const row of [
    ['yes_no', 'yes', 'Yes', 'Sí', 'نعم'],
    ['yes_no', 'no', 'No', 'No', 'لا'],
    ['transport', 'bus', 'School bus', 'Autobús escolar', 'حافلة المدرسة'],
    ['transport', 'walk', 'Walking', 'Caminando', 'مشيًا'],
    ['transport', 'ride', 'A ride from someone', 'Alguien lo lleva', 'يوصله شخص ما'],
    ['transport', 'other', 'Another way', 'Otra forma', 'طريقة أخرى'],
    ['often', 'never', 'Never', 'Nunca', 'أبدًا'],
    ['often', 'sometimes', 'Sometimes', 'A veces', 'أحيانًا'],
    ['often', 'often', 'Often', 'Con frecuencia', 'غالبًا'],
  ])
    choices.addRow(row)
  const settings = workbook.addWorksheet('settings')
  settings.addRow(['form_title', 'form_id', 'version', 'default_language'])
  settings.addRow(['Getting to school check-in', options.formId ?? 'transport_checkin_2025', '2025-03-01', 'English (en)'])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
