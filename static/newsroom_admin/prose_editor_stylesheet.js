// The body editor without an inline style sheet.
//
// Tiptap writes its base styles into the page as a <style> element when an editor starts, which the
// Content-Security-Policy (styles from the site's own files only) refuses. This extension, loaded through
// DJANGO_PROSE_EDITOR_EXTENSIONS, turns that off before the editor is drawn; the same rules come from
// static/newsroom_admin/prose_editor_base.css, a stylesheet of the article form (articles/admin.py).
import { Extension } from "django-prose-editor/editor"

export const NewsroomStyleSheet = Extension.create({
  name: "newsroomStyleSheet",

  onBeforeCreate() {
    this.editor.options.injectCSS = false
  },
})
