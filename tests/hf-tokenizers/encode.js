// Reads JSONL {"text": ...} on stdin, writes JSONL {"ids": [...]} on stdout: each text encoded by
// Hugging Face's `tokenizers` (the Rust library, through @anush008/tokenizers) from the
// tokenizer.json given as the only argument, special tokens added, no truncation.
//   node encode.js FOLDER/tokenizer.json < texts.jsonl
'use strict';
const fs = require('fs');
const { Tokenizer } = require('@anush008/tokenizers');

async function main() {
  const tokenizer = Tokenizer.fromFile(process.argv[2]);
  const lines = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.length > 0);
  const out = [];
  for (const line of lines) {
    const encoding = await tokenizer.encode(JSON.parse(line).text, null, { addSpecialTokens: true });
    out.push(JSON.stringify({ ids: Array.from(encoding.getIds()) }));
  }
  process.stdout.write(out.join('\n') + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
