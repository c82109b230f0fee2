// Reads [{name, html}] as JSON on stdin; prints, for each email, the features caniemail.com's
// data marks as not supported at all by the clients Prism targets: "name\tclient\tfeature".
import { caniemail } from 'caniemail';

const clients = [
  'gmail.desktop-webmail', 'gmail.android', 'gmail.ios', 'gmail.mobile-webmail',
  'apple-mail.macos', 'apple-mail.ios', 'outlook.windows', 'outlook.outlook-com',
  'samsung-email.android',
];
let input = '';
for await (const chunk of process.stdin) input += chunk;
const seen = new Set();
for (const { name, html } of JSON.parse(input)) {
  const result = caniemail({ clients, html });
  const errors = result.issues.errors;
  const entries = errors instanceof Map ? errors.entries() : Object.entries(errors ?? {});
  for (const [client, issues] of entries) {
    for (const issue of issues) {
      const line = `${name}\t${client}\t${issue.title}`;
      if (!seen.has(line)) {
        seen.add(line);
        console.log(line);
      }
    }
  }
}
