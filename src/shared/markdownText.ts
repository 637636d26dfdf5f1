// Text from outside (a model id or label from the API's list, a file's words) inside Markdown that
// VS Code renders (a hover): shown literally, never as a link, emphasis, code, HTML or an entity.

/**
 * Every character Markdown gives a meaning is backslash-escaped, and line breaks become spaces
 * (a break could start a heading or a list). Unlike MarkdownString.appendText, spaces stay spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!|<>~&:"']/g, '\\$&');
}
