// Client contract: the official web SDK (easemob-websdk, pinned in
// package-lock.json) drives a reference server through its REST calls, and
// each outcome is checked against what the SDK's own source maps the live
// service's answer to (its error mapping keys on status and wording; see
// README.md of this folder).
//
// usage: node contract.js OPEN_URL CLOSED_URL APPKEY CLIENT_ID CLIENT_SECRET
//   OPEN_URL    a server with open registration (the SDK registers without a token)
//   CLOSED_URL  a server in authorized-registration mode (the error case)
// Prints one JSON object per SDK call ({call, got, want, pass}) and exits 1
// when any outcome is not the expected one. REPORT_ONLY=1 exits 0 anyway
// (to record what an older server makes the SDK report).
'use strict';
const { blocked } = require('./shim.js');
const websdk = require('easemob-websdk');
const sdk = websdk.default || websdk;

const [openURL, closedURL, appKey, clientID, clientSecret] = process.argv.slice(2);
if (!openURL || !closedURL || !appKey || !clientID || !clientSecret) {
  console.error('usage: node contract.js OPEN_URL CLOSED_URL APPKEY CLIENT_ID CLIENT_SECRET');
  process.exit(2);
}
sdk.logger.setLevel && sdk.logger.setLevel(5); // silence the SDK's console log
const codes = sdk.statusCode;
const codeName = (n) => Object.keys(codes).find((k) => codes[k] === n) || String(n);

const results = [];
function check(call, got, want, pass) {
  const r = { call, got, want, pass: Boolean(pass) };
  results.push(r);
  console.log(JSON.stringify(r));
}

// outcome settles a promise into what an application sees: a success with
// its value, or the SDK's error type (by name) and message.
async function outcome(p) {
  try {
    const v = await p;
    return { ok: true, type: codeName(v && v.type), value: v };
  } catch (e) {
    return { ok: false, type: codeName(e && e.type), message: String((e && e.message) || '') };
  }
}
const summary = (o) => (o.ok ? { ok: true, type: o.type } : { ok: false, type: o.type, message: o.message.slice(0, 200) });

function connect(base) {
  return new sdk.connection({ appKey, apiUrl: base, url: base.replace(/^http/, 'ws') + '/ws', isHttpDNS: false, delivery: false });
}

// login runs the SDK's login: its REST token step, then the message
// channel, which a REST server cannot serve; the REST result is what counts.
async function login(conn, user, pwd) {
  const opened = outcome(conn.open({ user, pwd }));
  for (let i = 0; i < 200 && !conn.context.accessToken; i++) {
    const settled = await Promise.race([opened, new Promise((r) => setTimeout(() => r(null), 25))]);
    if (settled && !settled.ok && !conn.context.accessToken) return settled;
  }
  return conn.context.accessToken ? { ok: true, type: 'REQUEST_SUCCESS', token: conn.context.accessToken } : opened;
}

async function appToken(base) {
  const [org, app] = appKey.split('#');
  const res = await fetch(`${base}/${org}/${app}/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientID, client_secret: clientSecret }),
  });
  return (await res.json()).access_token;
}

async function userToken(base, username, password, ttl) {
  const [org, app] = appKey.split('#');
  const res = await fetch(`${base}/${org}/${app}/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username, password, ttl }),
  });
  return (await res.json()).access_token;
}

async function main() {
  const run = Date.now().toString(36);
  const alice = `sdk-${run}-alice`, bob = `sdk-${run}-bob`, pwd = 'Secret-1';
  const conn = connect(openURL);

  // Registration.
  let o = await outcome(conn.registerUser({ username: alice, password: pwd }));
  check('registerUser (open registration)', summary(o), 'success', o.ok);
  o = await outcome(conn.registerUser({ username: bob, password: pwd }));
  check('registerUser (second user)', summary(o), 'success', o.ok);
  o = await outcome(conn.registerUser({ username: alice, password: pwd }));
  check('registerUser (taken name)', summary(o), 'WEBIM_CONNCTION_AJAX_ERROR, message holds "username be unique" (the SDK then stops retrying hosts)',
    !o.ok && o.type === 'WEBIM_CONNCTION_AJAX_ERROR' && o.message.includes('username be unique'));
  o = await outcome(connect(closedURL).registerUser({ username: alice, password: pwd }));
  check('registerUser (registration closed)', summary(o), 'WEBIM_CONNCTION_AJAX_ERROR, message holds "Open registration doesn\'t allow" (the SDK then stops retrying hosts)',
    !o.ok && o.type === 'WEBIM_CONNCTION_AJAX_ERROR' && o.message.includes("Open registration doesn't allow"));

  // Login (the SDK's REST token step).
  o = await login(connect(openURL), alice, 'Wrong-1');
  check('open (wrong password)', summary(o), 'WEBIM_CONNCTION_OPEN_ERROR "invalid password" (no host retry)',
    !o.ok && o.type === 'WEBIM_CONNCTION_OPEN_ERROR' && o.message === 'invalid password');
  o = await login(connect(openURL), `sdk-${run}-nobody`, pwd);
  check('open (unknown user)', summary(o), 'WEBIM_CONNCTION_OPEN_ERROR "user not found" (no host retry)',
    !o.ok && o.type === 'WEBIM_CONNCTION_OPEN_ERROR' && o.message === 'user not found');
  o = await login(conn, alice, pwd);
  check('open (password login)', summary(o), 'a user token', o.ok && typeof o.token === 'string' && o.token.length > 0);
  if (!o.ok) return;

  // REST calls with the user token. Chat rooms are created by the app (the
  // SDK's createChatRoom needs a super admin).
  const [org, app] = appKey.split('#');
  const admin = await appToken(openURL);
  for (const name of ['r1', 'r2']) {
    await fetch(`${openURL}/${org}/${app}/chatrooms`, { method: 'POST', headers: { Authorization: 'Bearer ' + admin, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: `sdk-${run}-${name}`, owner: bob }) });
  }
  o = await outcome(conn.getChatRooms({ pagenum: 1, pagesize: 20 }));
  check('getChatRooms', summary(o), 'success listing both rooms', o.ok && Array.isArray(o.value.data) && o.value.data.length === 2);
  o = await outcome(conn.getChatRooms({ pagenum: 2, pagesize: 1 }));
  check('getChatRooms (page 2 of size 1)', summary(o), 'success with the second room', o.ok && o.value.data.length === 1 && o.value.data[0].name === `sdk-${run}-r2`);

  o = await outcome(conn.createGroup({ data: { groupname: `sdk-${run}-g`, desc: 'contract', members: [bob], public: true, approval: false, allowinvites: true, inviteNeedConfirm: false, maxusers: 200 } }));
  const groupId = o.ok && o.value.data && o.value.data.groupid;
  check('createGroup', summary(o), 'success with data.groupid', o.ok && typeof groupId === 'string' && groupId !== '');

  o = await outcome(conn.getGroupInfo({ groupId: groupId || 'none' }));
  check('getGroupInfo', summary(o), 'success with the group (data[0].id)', o.ok && o.value.data && o.value.data[0] && o.value.data[0].id === groupId);

  o = await outcome(conn.listGroupMembers({ groupId: groupId || 'none', pageNum: 1, pageSize: 1 }));
  check('listGroupMembers (page 1 of size 1)', summary(o), 'success with the owner alone', o.ok && o.value.data.length === 1 && o.value.data[0].owner === alice);
  o = await outcome(conn.listGroupMembers({ groupId: groupId || 'none', pageNum: 2, pageSize: 1 }));
  check('listGroupMembers (page 2 of size 1)', summary(o), 'success with the member', o.ok && o.value.data.length === 1 && o.value.data[0].member === bob);

  o = await outcome(conn.getJoinedGroups({ pageNum: 1, pageSize: 10 }));
  check('getJoinedGroups', summary(o), 'success listing the group', o.ok && Array.isArray(o.value.data) && o.value.data.some((g) => g.groupid === groupId));

  o = await outcome(conn.getGroupInfo({ groupId: '1' + Date.now() }));
  check('getGroupInfo (no such group)', summary(o), 'GROUP_NOT_EXIST', !o.ok && o.type === 'GROUP_NOT_EXIST');
  o = await outcome(conn.getChatRoomDetails({ chatRoomId: '1' + Date.now() }));
  check('getChatRoomDetails (no such room)', summary(o), 'CHATROOM_NOT_EXIST', !o.ok && o.type === 'CHATROOM_NOT_EXIST');

  // Contacts: added over REST by the app (the SDK adds them over its message channel).
  await fetch(`${openURL}/${org}/${app}/users/${alice}/contacts/users/${bob}`, { method: 'POST', headers: { Authorization: 'Bearer ' + admin } });
  o = await outcome(conn.getContacts());
  check('getContacts', summary(o), 'success listing the contact', o.ok && Array.isArray(o.value.data) && o.value.data.includes(bob));

  // User attributes.
  o = await outcome(conn.updateUserInfo({ nickname: 'Alice A', sign: 'hello' }));
  check('updateUserInfo', summary(o), 'success with data.nickname', o.ok && o.value.data && o.value.data.nickname === 'Alice A');
  o = await outcome(conn.fetchUserInfoById([alice, bob], ['nickname', 'sign']));
  check('fetchUserInfoById', summary(o), 'success with the attributes by user', o.ok && o.value.data && o.value.data[alice] && o.value.data[alice].sign === 'hello');

  // File upload with the user token.
  o = await new Promise((resolve) => {
    sdk.utils.uploadFile({
      accessToken: conn.context.accessToken, appKey, apiUrl: openURL,
      uploadUrl: `${openURL}/${org}/${app}/chatfiles`,
      file: { data: new Blob([Buffer.from('hello, reference')], { type: 'text/plain' }), filename: 'hello.txt' },
      onFileUploadComplete: (v) => resolve({ ok: true, type: 'REQUEST_SUCCESS', value: v }),
      onFileUploadError: (e) => resolve({ ok: false, type: codeName(e && e.type), message: JSON.stringify((e && e.data) || e).slice(0, 200) }),
    });
  });
  check('uploadFile', summary(o), 'success with entities[0].uuid', o.ok && o.value.entities && o.value.entities[0] && typeof o.value.entities[0].uuid === 'string');

  // A token that has expired: the live service's wording is what the SDK maps to NO_PERMISSION.
  const shortLived = await userToken(openURL, alice, pwd, 1);
  await new Promise((r) => setTimeout(r, 1100));
  const expired = connect(openURL);
  await login(expired, alice, pwd);
  expired.context.accessToken = shortLived;
  o = await outcome(expired.getChatRooms({ pagenum: 1, pagesize: 20 }));
  check('getChatRooms (expired token)', summary(o), 'NO_PERMISSION', !o.ok && o.type === 'NO_PERMISSION');
}

main().catch((e) => check('contract script', String(e && e.stack || e), 'no exception', false)).finally(() => {
  if (blocked.length) check('requests stay on loopback', blocked, 'none to other hosts', false);
  const failed = results.filter((r) => !r.pass).length;
  console.log(JSON.stringify({ summary: `${results.length - failed}/${results.length} SDK outcomes as expected` }));
  process.exit(failed && !process.env.REPORT_ONLY ? 1 : 0);
});
