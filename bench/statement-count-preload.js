'use strict';
// Counts every SQL statement a process sends through node-postgres (`pg.Client#query`), for a process the bench
// does not run itself: loaded first (NODE_OPTIONS=--require …), it writes the running counts, in all and by the
// statement's opening words, to BENCH_STATEMENT_COUNT_FILE a few times a second. The bench reads the file before
// and after a phase (statementCounts in end-to-end.js). Statement text only: parameters are never looked at.

const fs = require('node:fs');

const file = process.env.BENCH_STATEMENT_COUNT_FILE;
if (file) {
  const { Client } = require('pg');
  const counts = { total: 0, kinds: {} };
  let dirty = false;
  const kindOf = (text) => text.replace(/\s+/g, ' ').trim().slice(0, 72);
  const query = Client.prototype.query;
  Client.prototype.query = function countedQuery(config, ...rest) {
    const text = typeof config === 'string' ? config : config?.text;
    if (typeof text === 'string') {
      const kind = kindOf(text);
      counts.total += 1;
      counts.kinds[kind] = (counts.kinds[kind] ?? 0) + 1;
      dirty = true;
    }
    return query.call(this, config, ...rest);
  };
  const write = () => {
    if (!dirty) return;
    dirty = false;
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(counts));
    fs.renameSync(`${file}.tmp`, file);
  };
  setInterval(write, 200).unref();
  process.once('exit', write);
}
