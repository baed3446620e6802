'use strict';
// A dependency-free liveness check for Redis, so that setup scripts can say "Redis is not running" before any
// client library starts retrying forever.

const net = require('node:net');
const tls = require('node:tls');

const DEFAULT_PORT = 6379;

function command(...args) {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

function pingRequest(url) {
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  // Without AUTH a password-protected server answers PING with -NOAUTH, which is no use to the caller either.
  const auth = password ? (username ? command('AUTH', username, password) : command('AUTH', password)) : '';
  return { request: `${auth}${command('PING')}`, replies: auth ? 2 : 1 };
}

function isRedisReachable(redisUrl = 'redis://127.0.0.1:6379', timeoutMs = 2_000) {
  let url;
  try {
    url = new URL(redisUrl);
  } catch {
    return Promise.resolve(false);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  const port = Number(url.port) || DEFAULT_PORT;
  const { request, replies } = pingRequest(url);

  return new Promise((resolve) => {
    const socket =
      url.protocol === 'rediss:'
        ? tls.connect({ host, port, servername: host })
        : net.connect({ host, port });
    let received = '';
    const finish = (answer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.setEncoding('utf8');
    socket.once(url.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      received += chunk;
      const lines = received.split('\r\n').filter(Boolean);
      if (lines.some((line) => line.startsWith('-'))) finish(false);
      else if (lines.length >= replies) finish(lines[replies - 1] === '+PONG');
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
  });
}

module.exports = { isRedisReachable };
