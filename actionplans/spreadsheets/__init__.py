"""Action plans as spreadsheets: importing a plan file, and exporting a plan in the same shape.

A file goes through these steps, one module each, in this order:

1. `read` - the uploaded file (.xlsx, .csv or Word .docx tables) -> rows of cell text, one sheet
   chosen; refuses hostile files (wrong kind, too large, too many rows) with a message.
2. `walk` - those rows -> the plan's tree: finds the header row, the title, the priority (or
   theme) and area-of-focus headings, and reads blank or repeated cells as "same as above".
3. `parse` - one cell's text -> what it says (numbers, lists, costs, targets, owners, headers),
   called by `walk`; `parse_dates` holds the dates and timeframes it reads.
4. `preview` - the tree's dataclasses (`ParsedPlan` and its parts, with the row each came from)
   shown on the preview page.
5. `owners` - every distinct Responsibility name as a `Token`, with who it might be
   (`StaffLookup`: a remembered mapping, a staff name, unique initials): proposals only.
6. `save` - `read_plan` runs steps 1-5 and never raises for a bad file; `import_plan` saves
   the previewed tree in one transaction, or nothing, with owners only from confirmed choices.

And the way back: `export` - a saved plan -> rows laid out as people keep the plan, written as
formula-safe CSV or XLSX that `save.read_plan` reads back into the same plan. And losslessly:
`workbook` writes the plan workbook (that sheet plus keyed sheets of every row and field),
`workbook_read` reads those sheets back (from `save.read_plan`), `workbook_save` saves them as a
new plan or as an update of the plan they came from, and `duplicates` says what an import may do
when the title is taken.

Import the module you need (`from actionplans.spreadsheets.save import read_plan`); the
package itself imports nothing.
"""
