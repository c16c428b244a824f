import ExcelJS from 'exceljs'

/**
 * An XLSForm put together from the examples of the XLSForm specification (xlsform.org: the metadata rows, the
 * "How old are you?" integer with its constraint and message, the pizza select_one and the select_multiple it
 * opens, a field-list group with a required text), in the spellings older forms use: `begin group` with a space, a
 * plain `label` column, `list name` on the choices sheet.
 */
export async function specExampleForm(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const survey = workbook.addWorksheet('survey')
  survey.addRow(['type', 'name', 'label', 'hint', 'constraint', 'constraint_message', 'relevant', 'required', 'appearance'])
  for (const row of [
    ['start', 'start'],
    ['end', 'end'],
    ['today', 'today'],
    ['deviceid', 'deviceid'],
    ['integer', 'age', 'How old are you?', null, '. <= 150', 'Age must be less than 150'],
    ['text', 'name', 'What is your name?', 'Your first name is enough.'],
    ['select_one yes_no', 'likes_pizza', 'Do you like pizza?'],
    ['select_multiple pizza_toppings', 'favorite_topping', 'Favorite toppings', null, null, null, "${likes_pizza} = 'yes'"],
    ['begin group', 'respondent', 'Respondent', null, null, null, null, null, 'field-list'],
    ['text', 'respondent_name', "Respondent's name", null, null, null, null, 'yes'],
    ['decimal', 'respondent_height', "Respondent's height (m)", null, '. >= 0.5 and . <= 2.5'],
    ['end group'],
  ])
    survey.addRow(row)
  const choices = workbook.addWorksheet('choices')
  choices.addRow(['list name', 'name', 'label'])
  for (const row of [
    ['yes_no', 'yes', 'Yes'],
    ['yes_no', 'no', 'No'],
    ['pizza_toppings', 'cheese', 'Cheese'],
    ['pizza_toppings', 'pepperoni', 'Pepperoni'],
    ['pizza_toppings', 'sausage', 'Sausage'],
  ])
    choices.addRow(row)
  const settings = workbook.addWorksheet('settings')
  settings.addRow(['form_title', 'form_id'])
  settings.addRow(['Pizza survey', 'pizza_survey'])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
