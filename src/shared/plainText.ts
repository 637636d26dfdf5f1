// Text from outside (a server's error message, a prompt, a file or model name, a setting from a
// cloned repository) shown in a notification. VS Code turns `[label](target)` in a notification into
// a working link, `command:` targets included, so such text could plant a link that runs a command
// when clicked. Breaking the `](` pair keeps the text readable and makes it plain.

export function plainText(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}
