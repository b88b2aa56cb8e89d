// Reads a JSON array of message texts on stdin and writes, as a JSON array, the tree
// @rocket.chat/message-parser (pinned in package-lock.json) gives each, or null where it throws.
// The options are the ones Confab's server parses with (crates/protocol/src/markup `Options::confab`).

import { parse } from '@rocket.chat/message-parser';

const options = { colors: true, emoticons: true, katex: { parenthesisSyntax: true, dollarSyntax: false } };
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  const inputs = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const trees = inputs.map((input) => {
    try {
      return parse(input, options);
    } catch {
      return null;
    }
  });
  process.stdout.write(JSON.stringify(trees));
});
