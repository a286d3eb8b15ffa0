// The official OpenAI Node SDK, unchanged, against bulkheadd. Run by tst_openaisdk with
// BULKHEAD_BASE_URL (the proxy's /v1) and BULKHEAD_API_KEY (a tenant key); prints one JSON
// object with what each call returned, so the C++ test makes the assertions.
'use strict';
const OpenAI = require('openai');

async function main() {
  const client = new OpenAI({ baseURL: process.env.BULKHEAD_BASE_URL,
                              apiKey: process.env.BULKHEAD_API_KEY, maxRetries: 0 });
  const out = { sdk_version: OpenAI.VERSION || require('openai/version').VERSION };

  const complete = await client.chat.completions.create({
    model: 'bulkhead-refmodel', messages: [{ role: 'user', content: 'Hello from the SDK?' }] });
  out.complete = { object: complete.object, content: complete.choices[0].message.content,
                   prompt_tokens: complete.usage.prompt_tokens };

  const stream = await client.chat.completions.create({
    model: 'bulkhead-refmodel', messages: [{ role: 'user', content: 'Hello from the SDK?' }],
    stream: true });
  let streamed = '';
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    if (chunk.choices.length > 0 && chunk.choices[0].delta.content)
      streamed += chunk.choices[0].delta.content;
  }
  out.streamed = { chunks, content: streamed };

  const embedding = await client.embeddings.create({ model: 'bulkhead-refmodel',
                                                     input: 'tenant isolation' });
  out.embedding = { dimensions: embedding.data[0].embedding.length };

  const wrong = new OpenAI({ baseURL: process.env.BULKHEAD_BASE_URL,
                             apiKey: 'bh_live_not_a_real_key', maxRetries: 0 });
  try {
    await wrong.chat.completions.create({ model: 'bulkhead-refmodel',
                                          messages: [{ role: 'user', content: 'hi' }] });
    out.auth_error = { raised: false };
  } catch (e) {
    out.auth_error = { raised: true,
                       is_authentication_error: e instanceof OpenAI.AuthenticationError,
                       status: e.status, code: e.code };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
