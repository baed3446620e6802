#!/usr/bin/env node
import { BULK_USAGE } from './bulk-cli-args';
import { bulkSubmit } from './bulk-submit';
import { RECEIPT_USAGE, receiptCommand, UsageError } from './receipt-commands';

const USAGE = `usage:\n  ${BULK_USAGE.replace(/^usage: /, '')}\n\n${RECEIPT_USAGE}`;

/** `lethe <group> <command> …`: the command-line tools of operators and auditors. */
async function main(argv: string[]): Promise<number> {
  const [group, command, ...args] = argv;
  if (group === 'bulk') return bulkSubmit(argv);
  if (group === 'receipt') return receiptCommand(command, args);
  throw new UsageError(`unknown command ${argv.join(' ')}`.trim());
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
