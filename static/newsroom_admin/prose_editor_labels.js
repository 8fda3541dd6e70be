// The body editor's toolbar and block menu in the admin's language.
//
// django-prose-editor 0.28 passes the words of its dialogs through Django's JavaScript gettext (the admin's
// catalogue at admin/jsi18n/, where the project's locale/*/LC_MESSAGES/djangojs.po wins), but writes its
// toolbar tooltips, ARIA labels and block menu ("Heading 2", "Paragraph", "bold", "Merge cells") in English
// in code. Its supported way to change menu items is the menu API every extension receives in
// addMenuItems; this extension, loaded through DJANGO_PROSE_EDITOR_EXTENSIONS and run after every other
// (lowest priority), gives each item the editor defined a label from the same catalogue. The vendored
// bundle stays as it ships.
import { Extension } from "django-prose-editor/editor"

const gettext = window.gettext || ((text) => text)
const interpolate = window.interpolate || ((format, values) => format.replace("%s", values[0]))

// Item name (as django-prose-editor defines it) -> the English msgid of its label.
const LABELS = {
  paragraph: "Paragraph",
  bulletList: "Bulleted list",
  orderedList: "Numbered list",
  orderedListProperties: "List properties",
  blockquote: "Quotation",
  horizontalRule: "Horizontal line",
  figure: "Figure",
  bold: "Bold",
  italic: "Italic",
  underline: "Underline",
  strike: "Strikethrough",
  subscript: "Subscript",
  superscript: "Superscript",
  code: "Code",
  codeBlock: "Code block",
  link: "Insert link",
  unlink: "Remove link",
  "textAlign:left": "Align left",
  "textAlign:center": "Center",
  "textAlign:right": "Align right",
  "textAlign:justify": "Justify",
  "history:undo": "Undo",
  "history:redo": "Redo",
  html: "Edit HTML",
  fullscreen: "Toggle fullscreen",
  table: "Insert table",
  "table:addColumnAfter": "Add column",
  "table:deleteColumn": "Delete column",
  "table:addRowAfter": "Add row",
  "table:deleteRow": "Delete row",
  "table:mergeCells": "Merge cells",
  "table:splitCell": "Split cell",
  "table:toggleHeaderCell": "Toggle header cell",
  "table:deleteTable": "Delete table",
}
const ALL_GROUPS = "blockType nodes headings lists marks link textAlign table history utility"
// The table dialog's choices: their value stays the English word the editor compares with.
const CHOICES = { Yes: "Yes", No: "No" }

function labelFor(name) {
  const heading = /^heading(\d)$/.exec(name)
  if (heading) return interpolate(gettext("Heading %s"), [heading[1]])
  return LABELS[name] ? gettext(LABELS[name]) : null
}

function relabel(element, label) {
  element.title = label
  element.setAttribute("aria-label", label)
}

function translateChoices(root) {
  for (const option of root.querySelectorAll(".prose-editor-dialog select option")) {
    const english = option.value
    if (english in CHOICES && option.textContent === english) {
      option.value = english
      option.textContent = gettext(CHOICES[english])
    }
  }
}

export const NewsroomLabels = Extension.create({
  name: "newsroomLabels",
  // Last of all: the items of the menu and of every other extension (table, link) exist by then.
  priority: 1,

  addMenuItems({ menu }) {
    for (const item of menu.items(ALL_GROUPS)) {
      const label = labelFor(item.name)
      if (!label) continue
      if (item.button) relabel(item.button, label)
      // The block menu's entries show the label as text, drawn in the style they apply (h2, p).
      if (item.option) item.option.textContent = label
    }
  },

  onCreate() {
    const container = this.editor.view.dom.parentElement
    const menubar = container?.querySelector(".prose-menubar")
    // The block menu shows a question mark when the selection is no block it knows (a horizontal line).
    const unknown = gettext("Other block")
    const relabelUnknown = () => {
      for (const button of menubar?.querySelectorAll('[aria-label="question_mark"]') ?? []) {
        relabel(button, unknown)
      }
    }
    relabelUnknown()
    this.editor.on("transaction", relabelUnknown)
    // Dialogs are added to the editor's own container, beside the text: watching its children is enough.
    if (container) new MutationObserver(() => translateChoices(container)).observe(container, { childList: true })
  },
})
