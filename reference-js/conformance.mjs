// Drives a Confab server with Rocket.Chat's official JavaScript clients (@rocket.chat/ddp-client
// and @rocket.chat/api-client, pinned in package-lock.json): connect, resume a login, follow a
// room, send over REST and receive the event, typing, edit, react, delete, mark read; then a
// personal access token signs a second client in, an incoming webhook posts, an outgoing
// webhook calls a local endpoint whose answer is posted, and a bot's streamed answer reaches the
// room's follower as one ordinary message.
// Usage: node conformance.mjs http://127.0.0.1:PORT   (the server must run in demo mode)
// Prints one line per check and a closing "N passed, N failed" line; exits non-zero on failure.

import http from 'node:http';
import WebSocket from 'ws';
import ddp from '@rocket.chat/ddp-client';

globalThis.WebSocket = WebSocket;
const { DDPSDK } = ddp;
const base = process.argv[2];
const TIMEOUT_MS = 5000;
let passed = 0;
let failed = 0;

function check(name, condition, detail = '') {
  if (condition) {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`not ok - ${name} ${detail}`);
  }
}

// Subscribes to a stream, waits until the server says it is ready, and returns `next(accept)`:
// a promise of the first event (old or new) whose arguments satisfy `accept`.
async function follow(sdk, name, key) {
  const events = [];
  const waiters = new Set();
  const subscription = sdk.stream(name, key, (...args) => {
    events.push(args);
    waiters.forEach((look) => look());
  });
  await subscription.ready();
  return {
    next(accept = () => true) {
      return new Promise((resolve, reject) => {
        const look = () => {
          const at = events.findIndex((args) => accept(...args));
          if (at < 0) return;
          waiters.delete(look);
          clearTimeout(timer);
          resolve(events.splice(at, 1)[0]);
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`timed out waiting for an event on ${name} ${key}`));
        }, TIMEOUT_MS);
        waiters.add(look);
        look();
      });
    },
  };
}

async function credentials(username) {
  const response = await fetch(`${base}/chat/config?clientType=web`, { headers: { userid: username } });
  const config = await response.json();
  return config.authentication;
}

async function signedIn(username) {
  const auth = await credentials(username);
  const sdk = await DDPSDK.createAndConnect(base);
  const login = await sdk.account.loginWithToken(auth.userToken);
  check(`${username} logs in with a resume token`, login.id === auth.userId && typeof login.tokenExpires.$date === 'number');
  return { sdk, auth };
}

async function main() {
  const alice = await signedIn('alice');
  const bob = await signedIn('bob');

  const subs = await bob.sdk.rest.get('/v1/subscriptions.get');
  const general = subs.update.find((s) => s.name === 'general');
  check('subscriptions.get lists the rooms', Boolean(general));
  const rid = general.rid;

  const roomMessages = await follow(bob.sdk, 'room-messages', rid);
  const sent = await alice.sdk.rest.post('/v1/chat.sendMessage', { message: { rid, msg: 'hello from the official client' } });
  const [received] = await roomMessages.next((m) => m.msg === 'hello from the official client');
  check('a REST send arrives on the room stream', received._id === sent.message._id && received.u.username === 'alice');

  const typing = await follow(bob.sdk, 'notify-room', `${rid}/user-activity`);
  await alice.sdk.call('stream-notify-room', `${rid}/user-activity`, 'alice', ['user-typing']);
  const [who, activity] = await typing.next((name) => name === 'alice');
  check('typing reaches the other member', who === 'alice' && activity[0] === 'user-typing');

  await alice.sdk.rest.post('/v1/chat.update', { roomId: rid, msgId: sent.message._id, text: 'hello, edited' });
  const [edited] = await roomMessages.next((m) => m._id === sent.message._id && m.editedAt);
  check('an edit arrives with editedAt and editedBy', edited.msg === 'hello, edited' && edited.editedBy.username === 'alice');

  await bob.sdk.rest.post('/v1/chat.react', { messageId: sent.message._id, emoji: ':thumbsup:' });
  const [reacted] = await roomMessages.next((m) => m._id === sent.message._id && m.reactions);
  check('a reaction arrives on the message', reacted.reactions[':thumbsup:'].usernames.includes('bob'));

  const deletions = await follow(bob.sdk, 'notify-room', `${rid}/deleteMessage`);
  await alice.sdk.rest.post('/v1/chat.delete', { roomId: rid, msgId: sent.message._id });
  const [deleted] = await deletions.next();
  check('a deletion is announced to the room', deleted._id === sent.message._id);

  const reads = await follow(alice.sdk, 'notify-room', `${rid}/messagesRead`);
  await bob.sdk.rest.post('/v1/subscriptions.read', { rid });
  const [read] = await reads.next();
  check('marking read is announced to the room', typeof read.until.$date === 'number');
  const after = await bob.sdk.rest.get('/v1/subscriptions.get');
  check('marking read clears the unread count', after.update.find((s) => s.rid === rid).unread === 0);

  const history = await bob.sdk.rest.get('/v1/channels.history', { roomId: rid, count: 5 });
  check('history no longer holds the deleted message', !history.messages.some((m) => m._id === sent.message._id));

  await integrations(alice, bob, rid);
  await streamedAnswer(alice, bob, rid);

  alice.sdk.connection.close();
  bob.sdk.connection.close();
}

// A local endpoint for an outgoing webhook: resolves `calls` with each JSON body it is sent and
// answers with `answer`.
async function endpoint(answer) {
  const calls = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      calls.push(JSON.parse(body));
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, calls, server };
}

async function integrations(alice, bob, rid) {
  const { token } = await alice.sdk.rest.post('/v1/users.generatePersonalAccessToken', { tokenName: 'conformance', bypassTwoFactor: false });
  const second = await DDPSDK.createAndConnect(base);
  const login = await second.account.loginWithToken(token);
  check('a personal access token signs a client in', login.id === alice.auth.userId);
  second.connection.close();

  const messages = await follow(bob.sdk, 'room-messages', rid);
  const { integration: incoming } = await alice.sdk.rest.post('/v1/integrations.create', {
    type: 'webhook-incoming', name: 'Conformance', enabled: true, username: 'alice', channel: '#general',
    scriptEnabled: false, alias: 'Hook',
  });
  check('integrations.create answers an incoming hook with its token', typeof incoming.token === 'string' && incoming.channel[0] === '#general');
  const hooked = await fetch(`${base}/hooks/${incoming._id}/${incoming.token}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'from a hook' }),
  });
  const [posted] = await messages.next((m) => m.msg === 'from a hook');
  check('an incoming hook posts under its alias, marked as an integration', hooked.ok && posted.alias === 'Hook' && posted.bot.i === incoming._id);

  const listed = await alice.sdk.rest.get('/v1/integrations.list');
  check('integrations.list pages the hooks without their tokens', listed.total >= 1 && !JSON.stringify(listed).includes(incoming.token));

  const target = await endpoint({ text: 'pong' });
  await alice.sdk.rest.post('/v1/integrations.create', {
    type: 'webhook-outgoing', name: 'Ping', enabled: true, username: 'alice', channel: '#general', event: 'sendMessage',
    urls: [target.url], triggerWords: ['!ping'], token: 'conformance-token', scriptEnabled: false,
  });
  await bob.sdk.rest.post('/v1/chat.sendMessage', { message: { rid, msg: '!ping' } });
  const [answer] = await messages.next((m) => m.msg === 'pong');
  const call = target.calls[0] || {};
  check('an outgoing hook sends Rocket.Chat\'s payload and its answer is posted',
    answer.u.username === 'alice' && call.token === 'conformance-token' && call.user_name === 'bob'
      && call.trigger_word === '!ping' && call.channel_name === 'general', JSON.stringify(call));
  target.server.close();
  await alice.sdk.rest.post('/v1/integrations.remove', { type: 'webhook-incoming', integrationId: incoming._id });
}

// A bot's streamed answer (Confab's extension) as a Rocket.Chat client sees it: one ordinary
// message, updated a few times a second while it grows, whose final text is the whole answer.
async function streamedAnswer(alice, bob, rid) {
  await alice.sdk.rest.post('/v1/users.create', {
    username: 'streamer', name: 'Streamer', email: 'streamer@example.com', password: 'unused-password-1', roles: ['bot'],
  });
  const bot = await credentials('streamer');
  const call = async (path, body) => {
    const response = await fetch(`${base}/api/v1/${path}`, {
      method: 'POST', body: JSON.stringify(body),
      headers: { 'X-User-Id': bot.userId, 'X-Auth-Token': bot.userToken, 'Content-Type': 'application/json' },
    });
    return response.json();
  };
  await call('channels.join', { roomId: rid });
  const heard = [];
  const subscription = bob.sdk.stream('room-messages', rid, (message) => heard.push(message));
  await subscription.ready();
  const { message } = await call('confab.streams.start', { rid });
  const pieces = Array.from({ length: 40 }, (_, n) => `piece${n} `);
  for (const piece of pieces) await call('confab.streams.append', { messageId: message._id, piece });
  await call('confab.streams.end', { messageId: message._id, state: 'done' });
  const whole = pieces.join('');
  const deadline = Date.now() + TIMEOUT_MS;
  while (!heard.some((m) => m._id === message._id && m.msg === whole) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const versions = heard.filter((m) => m._id === message._id);
  check('a streamed answer is one ordinary message whose final text is the whole answer',
    versions.length > 0 && versions[versions.length - 1].msg === whole, JSON.stringify(versions.map((m) => m.msg.length)));
  check('a Rocket.Chat client hears it a few times, not once per piece', versions.length < pieces.length / 4,
    `${versions.length} versions for ${pieces.length} pieces`);
}

main()
  .catch((error) => {
    failed += 1;
    console.log(`not ok - ${error.stack || error}`);
  })
  .finally(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  });
