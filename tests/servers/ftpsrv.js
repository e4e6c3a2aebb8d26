#!/usr/bin/env node
// Starts ftp-srv (npm, installed by .ci/install-deps.sh) for the integration
// tests: one user, one root directory, FTPS with the test CA's server
// certificate, passive ports in a given loopback range. Run by
// tests/it/servers/ftpsrv.rs with NODE_PATH pointing at ftp-srv's node_modules.
//
// ftp-srv runs each command as its own promise, so it answers pipelined
// commands in whatever order they finish, and it sends 150 on a TLS data
// connection only after that connection's handshake: the point of having
// it in the suite. It has no "TLS required" switch, so the login handler
// refuses a login over a plaintext control connection (and ftp-srv then
// secures every data connection of a TLS session; PROT C gets 536).
//
// Usage: node ftpsrv.js --port N --pasv-min N --pasv-max N --root DIR
//        --cert PEM --key PEM --user NAME --password PASS --pid-file FILE
//        --log FILE [--implicit] [--uid N --gid N]
'use strict';

const fs = require('fs');
const path = require('path');

function parseArgs(argv) {
  const flags = new Set(['--implicit']);
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (!name.startsWith('--')) fail(`unexpected argument ${JSON.stringify(name)}`);
    const key = name.slice(2);
    if (flags.has(name)) {
      out[key] = true;
    } else {
      if (i + 1 >= argv.length) fail(`${name} needs a value`);
      out[key] = argv[++i];
    }
  }
  for (const need of ['port', 'pasv-min', 'pasv-max', 'root', 'cert', 'key', 'user', 'password', 'pid-file', 'log']) {
    if (out[need] === undefined) fail(`--${need} is required`);
  }
  return out;
}

function fail(msg) {
  process.stderr.write(`ftpsrv.js: ${msg}\n`);
  process.exit(2);
}

const args = parseArgs(process.argv.slice(2));

let FtpSrv;
let bunyan;
try {
  FtpSrv = require('ftp-srv');
  bunyan = require('bunyan');
} catch (e) {
  fail(`cannot load ftp-srv (run .ci/install-deps.sh; NODE_PATH=${process.env.NODE_PATH || ''}): ${e.message}`);
}

// Every command and reply, as JSON lines (bunyan's trace level): the
// dialogue a failing test shows.
const log = bunyan.createLogger({
  name: 'ftp-srv',
  streams: [{ level: 'trace', path: args.log }],
});

const root = path.resolve(args.root);
const tls = { cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key) };
const server = new FtpSrv({
  url: `${args.implicit ? 'ftps' : 'ftp'}://127.0.0.1:${args.port}`,
  pasv_url: '127.0.0.1',
  pasv_min: Number(args['pasv-min']),
  pasv_max: Number(args['pasv-max']),
  tls,
  anonymous: false,
  greeting: ['ftps test server (ftp-srv)'],
  log,
  timeout: 300000,
});

server.on('login', ({ connection, username, password }, resolve, reject) => {
  if (!connection.secure) {
    reject(new Error('TLS required: send AUTH TLS first'));
  } else if (username === args.user && password === args.password) {
    resolve({ root, cwd: '/' });
  } else {
    reject(new Error('Login incorrect'));
  }
});

server.on('client-error', ({ context, error }) => {
  log.warn({ context, error: error && error.message }, 'client error');
});

server
  .listen()
  .then(() => {
    // Bound: give up root (files the server writes then belong to the test
    // user, as with vsftpd and ProFTPD).
    fs.writeFileSync(args['pid-file'], `${process.pid}\n`);
    if (args.gid !== undefined) process.setgid(Number(args.gid));
    if (args.uid !== undefined) process.setuid(Number(args.uid));
  })
  .catch((e) => fail(`cannot listen on 127.0.0.1:${args.port}: ${e.message}`));
