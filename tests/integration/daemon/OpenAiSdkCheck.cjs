// Third-party clients, unchanged, against bulkheadd: the official OpenAI Node SDK and the Vercel
// AI SDK's default OpenAI provider (the Responses API). Run by tst_openaisdk with
// BULKHEAD_BASE_URL (the proxy's /v1) and BULKHEAD_API_KEY (a tenant key); prints one JSON
// object with what each call returned, so the C++ test makes the assertions.
'use strict';
const OpenAI = require('openai');
const { generateText, streamText } = require('ai');
const { createOpenAI } = require('@ai-sdk/openai');

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

  const response = await client.responses.create({ model: 'bulkhead-refmodel',
                                                   input: 'Hello from the SDK?' });
  out.responses = { id: response.id, object: response.object, status: response.status,
                    output_text: response.output_text,
                    input_tokens: response.usage ? response.usage.input_tokens : 0 };

  const events = await client.responses.create({ model: 'bulkhead-refmodel',
                                                 input: 'Hello from the SDK?', stream: true });
  const types = [];
  let deltas = '';
  let finalResponse = null;
  for await (const event of events) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') deltas += event.delta;
    if (event.type === 'response.completed') finalResponse = event.response;
  }
  const finalText = finalResponse
    ? finalResponse.output.filter((item) => item.type === 'message')
        .flatMap((item) => item.content).filter((part) => part.type === 'output_text')
        .map((part) => part.text).join('')
    : '';
  out.responses_stream = { first: types[0], last: types[types.length - 1], text: deltas,
                           final_text: finalText,
                           output_tokens: finalResponse && finalResponse.usage
                             ? finalResponse.usage.output_tokens : 0 };

  try {
    await client.responses.create({ model: 'bulkhead-refmodel', input: 'hi',
                                    previous_response_id: 'resp_unknown' });
    out.responses_error = { raised: false };
  } catch (e) {
    out.responses_error = { status: e.status, code: e.code, param: e.param };
  }

  const completion = await client.completions.create({ model: 'bulkhead-refmodel',
                                                       prompt: 'Hello from the SDK?' });
  out.completion = { object: completion.object, text: completion.choices[0].text };
  const completionStream = await client.completions.create({
    model: 'bulkhead-refmodel', prompt: 'Hello from the SDK?', stream: true });
  let completionText = '';
  for await (const chunk of completionStream)
    if (chunk.choices.length > 0) completionText += chunk.choices[0].text;
  out.completion_stream = { text: completionText };

  // The AI SDK's default OpenAI provider speaks the Responses API. Its request bodies are kept
  // to see how it refers to earlier turns.
  const sent = [];
  const provider = createOpenAI({ baseURL: process.env.BULKHEAD_BASE_URL,
                                  apiKey: process.env.BULKHEAD_API_KEY,
                                  fetch: (url, init) => {
                                    if (init && typeof init.body === 'string') sent.push(init.body);
                                    return fetch(url, init);
                                  } });
  const generated = await generateText({ model: provider('bulkhead-refmodel'),
                                         prompt: 'Hello from the SDK?', maxRetries: 0 });
  const streamed2 = streamText({ model: provider('bulkhead-refmodel'),
                                 prompt: 'Hello from the SDK?', maxRetries: 0,
                                 onError: ({ error }) => { throw error; } });
  let streamedText = '';
  for await (const piece of streamed2.textStream) streamedText += piece;
  // A second turn with the first one's messages: the SDK refers to the earlier answer by its
  // item id (item_reference) unless told store: false.
  const followUp = await generateText({
    model: provider('bulkhead-refmodel'), maxRetries: 0,
    messages: [{ role: 'user', content: 'Hello from the SDK?' }, ...generated.response.messages,
               { role: 'user', content: 'Say it once more.' }] });
  out.ai_sdk = { generate_text: generated.text, stream_text: streamedText,
                 finish_reason: generated.finishReason,
                 input_tokens: generated.usage ? generated.usage.inputTokens : 0,
                 follow_up_text: followUp.text,
                 follow_up_used_item_reference: sent[sent.length - 1].includes('"item_reference"') };

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
