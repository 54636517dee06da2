// A minimal XMLHttpRequest over Node's fetch: the web SDK's REST layer needs
// nothing more (open, setRequestHeader, send, status, responseText, events).
'use strict';
// blocked lists the requests to hosts other than loopback that were refused.
const blocked = [];
module.exports = { blocked };
class XMLHttpRequest {
  constructor() { this.readyState = 0; this.status = 0; this.responseText = ''; this.response = ''; this.headers = {}; this.listeners = {}; this.upload = { addEventListener() {} }; this.timeout = 0; }
  addEventListener(name, fn) { (this.listeners[name] ||= []).push(fn); }
  open(method, url) { this.method = method; this.url = url; this.responseURL = url; this.readyState = 1; }
  setRequestHeader(k, v) { this.headers[k] = v; }
  overrideMimeType() {}
  getAllResponseHeaders() { return ''; }
  getResponseHeader() { return null; }
  abort() {}
  emit(name) { const ev = { target: this }; if (this['on' + name]) this['on' + name](ev); for (const fn of this.listeners[name] || []) fn(ev); }
  send(body) {
    // Every request must stay on this machine: the SDK also reports usage
    // to the vendor's hosts, which a test must never reach.
    const host = new URL(this.url).hostname;
    if (host !== '127.0.0.1' && host !== 'localhost') {
      blocked.push(this.method + ' ' + this.url.split('?')[0]);
      this.status = 0; this.readyState = 4;
      setTimeout(() => { this.emit('readystatechange'); this.emit('error'); }, 0);
      return;
    }
    const init = { method: this.method, headers: { ...this.headers } };
    if (body != null && this.method !== 'GET') init.body = body;
    if (body instanceof FormData) delete init.headers['Content-Type'];
    fetch(this.url, init).then(async (res) => {
      this.status = res.status; this.responseText = await res.text(); this.response = this.responseText;
      this.readyState = 4; this.emit('readystatechange'); this.emit('load');
    }, (err) => { this.status = 0; this.readyState = 4; this.error = err; this.emit('readystatechange'); this.emit('error'); });
  }
}
globalThis.self = globalThis;
globalThis.XMLHttpRequest = XMLHttpRequest;
// The SDK picks its browser code path when window.WebSocket exists. The
// message channel (msync over websocket) cannot be served, so this socket
// fails at once, as against a host without a websocket endpoint.
class FailingWebSocket {
  constructor(url) { this.url = url; this.readyState = 3; setTimeout(() => { this.onerror && this.onerror({ type: 'error' }); this.onclose && this.onclose({ code: 1006, reason: 'no websocket endpoint' }); }, 0); }
  send() {} close() {}
}
globalThis.window = globalThis;
globalThis.WebSocket = FailingWebSocket;
globalThis.navigator = globalThis.navigator || { userAgent: 'node', onLine: true };
