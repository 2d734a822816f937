import { Command } from 'commander';
import { ConfigError } from '@app/config/env.schema';
import type { SubmitOptions } from './submit.command';

// Each command loads what it needs when it runs: `verify` works offline and must not pay for loading
// Nest, TypeORM and BullMQ, so nothing heavy is imported at the top of this file.
const program = new Command('quorate').description('Operate a Quorate deployment').showHelpAfterError();

program
  .command('serve')
  .description(
    'Run the API and the worker in one process (in demo mode: create, migrate and seed the database)',
  )
  .action(async () => (await import('./operator.commands')).serve());

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(async () => (await import('./operator.commands')).migrate());

program
  .command('seed-demo')
  .description('Create the demo asset class, admin and bot key where missing; prints new secrets once')
  .action(async () => (await import('./operator.commands')).seedDemoData());

program
  .command('admin:create')
  .description(
    'Create an admin account (the first one, or another); without --password one is generated and printed once',
  )
  .requiredOption('--email <email>', 'the admin e-mail address')
  .option('--password <password>', 'at least 12 characters; prefer leaving it out, or QUORATE_ADMIN_PASSWORD')
  .action(async (options: { email: string; password?: string }) =>
    (await import('./operator.commands')).createAdmin(options),
  );

program
  .command('bot:create')
  .description('Create a bot and its API key; the key is printed once and only its hash is stored')
  .requiredOption('--name <name>', 'a name people will recognise')
  .requiredOption('--owner <email>', 'the person answerable for the bot (and barred from approving its work)')
  .requiredOption('--classes <keys>', 'comma-separated asset classes the bot may submit to')
  .action(async (options: { name: string; owner: string; classes: string }) =>
    (await import('./operator.commands')).createBot(options),
  );

program
  .command('ledger:audit')
  .description('Recompute every leaf hash, stored subtree and checkpoint root; name the first bad index')
  .option('--batch-size <n>', 'entries read per query', '1000')
  .action(async (options: { batchSize: string }) => (await import('./ledger.commands')).ledgerAudit(options));

program
  .command('ledger:keygen')
  .description('Create a ledger signing key (offline); prints LEDGER_SIGNING_KEY and its public verifier key')
  .requiredOption('--origin <name>', 'the log name in checkpoints, such as quorate.example.com/ledger')
  .action(async (options: { origin: string }) =>
    (await import('./ledger-keygen.command')).ledgerKeygen(options),
  );

program
  .command('init-secrets')
  .description(
    'Create the deployment secrets missing from a directory, one file each (JWT_SECRET, WEBHOOK_SECRET, METRICS_TOKEN, LEDGER_SIGNING_KEY); keeps existing ones',
  )
  .requiredOption('--dir <dir>', 'where to write them; point <NAME>_FILE at <dir>/<NAME>')
  .option(
    '--origin <name>',
    'the ledger name for a new signing key (default LEDGER_ORIGIN, else quorate.local/ledger)',
  )
  .action(async (options: { dir: string; origin?: string }) =>
    (await import('./init-secrets.command')).initSecrets(options),
  );

program
  .command('verify')
  .description('Check a provenance bundle offline against the ledger public key; exits 0 when it verifies')
  .argument('<bundle>', 'the bundle JSON, as served by GET /v1/assets/:id/versions/:n/provenance')
  .requiredOption('--key <vkey>', 'the verifier key (GET /v1/ledger/key), or a file holding it')
  .option('--asset <file>', 'the asset content, to check it is what the bundle vouches for')
  .option('--json', 'print the report as JSON')
  .action(async (bundle: string, options: { key: string; asset?: string; json?: boolean }) => {
    process.exitCode = (await import('./verify.command')).runVerify(bundle, options);
  });

program
  .command('submit')
  .description(
    'Submit a file as a bot, with its SHA-256 and provenance; with --wait, exit 0 when released, ' +
      '1 for any other verdict (printing the findings), 2 for usage or connection errors',
  )
  .argument('<file>', 'the content to submit')
  .requiredOption('--class <key>', 'the asset class')
  .option('--wait', 'wait for the verdict')
  .option('--title <title>', 'the title; the file name by default')
  .option('--media-type <type>', 'the media type; guessed from the file extension by default')
  .option('--model <model>', 'provenance: the model that generated it')
  .option('--generator <name>', 'provenance: the tool or bot that generated it')
  .option('--prompt-sha256 <hex>', 'provenance: SHA-256 of the prompt')
  .option('--url <url>', 'the API (default: QUORATE_URL, else http://127.0.0.1:3000)')
  .option('--key <key>', "the bot's API key (default: QUORATE_API_KEY)")
  .option('--timeout <seconds>', 'how long --wait waits', '600')
  // A usage mistake is exit 2, like a connection error: 1 is kept for "not released".
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .action(async (file: string, options: SubmitOptions) => {
    process.exitCode = await (await import('./submit.command')).runSubmit(file, options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `quorate: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
