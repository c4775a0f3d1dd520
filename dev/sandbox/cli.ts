/**
 * `npm run sandbox` (node build/dev/sandbox/cli.js): starts the HighLevel sandbox and prints what is
 * needed to point the Zapier app at it.
 *
 *   --port N          default 4010 (or $SANDBOX_PORT)
 *   --users N         seeded users, default 12
 *   --locations N     seeded sub-accounts, default 3
 *   --seed N          PRNG seed, default 42
 *   --token-ttl S     access token lifetime in seconds, default 86399
 *   --delete-delay MS queued delete delay, default 3000
 *   --no-rate-limit   never answer 429 (headers are still sent)
 *   --spec            behave as HighLevel's OpenAPI document says, not as HighLevel really does
 *   --reset-partial-updates
 *                     PUT resets unsent permissions to defaults; locationIds: [] clears
 *   --bulk-install    choosing a sub-account on the consent page yields a Company token
 *   --webhook-url URL post signed user events (create, update, delete) there; loopback only
 *   --quiet           do not log requests
 */
import { startSandbox, type Sandbox, type SandboxOptions, type SandboxTokenSet } from './server';

function usage(): string {
  return [
    'Usage: node build/dev/sandbox/cli.js [--port N] [--users N] [--locations N] [--seed N]',
    '                                 [--token-ttl SECONDS] [--delete-delay MS] [--no-rate-limit]',
    '                                 [--spec] [--reset-partial-updates] [--bulk-install]',
    '                                 [--webhook-url URL] [--quiet]',
  ].join('\n');
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): SandboxOptions {
  const opts: SandboxOptions = { port: 4010, quiet: false };
  if (env.SANDBOX_PORT !== undefined && env.SANDBOX_PORT !== '') {
    opts.port = toInt('SANDBOX_PORT', env.SANDBOX_PORT);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=')
      ? (arg.split(/=(.*)/s) as [string, string])
      : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port':
        opts.port = toInt(flag, value());
        break;
      case '--users':
        opts.users = toInt(flag, value());
        break;
      case '--locations':
        opts.locations = toInt(flag, value());
        break;
      case '--seed':
        opts.seed = toInt(flag, value());
        break;
      case '--token-ttl':
        opts.accessTokenTtlSeconds = toInt(flag, value());
        break;
      case '--delete-delay':
        opts.deleteDelayMs = toInt(flag, value());
        break;
      case '--no-rate-limit':
        opts.rateLimit = false;
        break;
      case '--quiet':
        opts.quiet = true;
        break;
      case '--spec':
        opts.spec = true;
        break;
      case '--reset-partial-updates':
        opts.partialUpdates = 'reset';
        break;
      case '--bulk-install':
        opts.bulkInstall = true;
        break;
      case '--webhook-url':
        opts.webhookUrl = value();
        break;
      case '--help':
      case '-h':
        console.log(usage());
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown option ${arg}\n${usage()}`);
    }
  }
  return opts;
}

function toInt(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

function tokenLines(t: SandboxTokenSet): string[] {
  return [
    `  access_token  ${t.access_token}`,
    `  refresh_token ${t.refresh_token}`,
    `  companyId     ${t.companyId}`,
    ...(t.locationId ? [`  locationId    ${t.locationId}`] : []),
    `  userId        ${t.userId}`,
    `  scope         ${t.scope}`,
  ];
}

/**
 * One connection's complete `.env` block: every line is KEY=value (or a `#` comment), so the block
 * works in `.env` exactly as printed, on its own.
 */
function envBlock(sb: Sandbox, title: string, t: SandboxTokenSet): string[] {
  return [
    `# ${title}`,
    `GHL_API_BASE_URL=${sb.url}`,
    `GHL_AUTHORIZE_BASE_URL=${sb.url}`,
    `CLIENT_ID=${sb.clientId}`,
    `CLIENT_SECRET=${sb.clientSecret}`,
    `authData_access_token=${t.access_token}`,
    `authData_refresh_token=${t.refresh_token}`,
    `authData_companyId=${t.companyId}`,
    ...(t.locationId ? [`authData_locationId=${t.locationId}`] : []),
    `authData_userId=${t.userId}`,
    `authData_userType=${t.userType}`,
  ];
}

/**
 * A PEM as one `.env` value: its line breaks written as the two characters `\n`, no quotes (dotenv
 * keeps an unquoted value as it is), no trailing break.
 */
function envPem(pem: string): string {
  return pem.trim().split(/\r?\n/).join('\\n');
}

/** The signing keys' `.env` block: what the app verifies the sandbox's webhooks with. */
function webhookKeyBlock(sb: Sandbox): string[] {
  return [
    "# Webhook signing keys (this sandbox's own, new at every start)",
    `GHL_WEBHOOK_PUBLIC_KEY=${envPem(sb.webhookKeys.ed25519)}`,
    `GHL_WEBHOOK_RSA_PUBLIC_KEY=${envPem(sb.webhookKeys.rsa)}`,
  ];
}

/** What the CLI prints at start-up: URLs, credentials, tokens and copy-paste .env blocks. */
export function banner(sb: Sandbox): string {
  const a = sb.agency;
  const s = sb.subAccount;
  const authorize =
    `${sb.url}/oauth/chooselocation?response_type=code&client_id=${encodeURIComponent(sb.clientId)}` +
    `&redirect_uri=${encodeURIComponent('https://zapier.com/dashboard/auth/oauth/return/App/')}` +
    `&scope=${encodeURIComponent('users.readonly users.write locations.readonly')}`;
  const subName = sb.locations[0]?.name ?? '';
  const lines = [
    `HighLevel sandbox listening on ${sb.url}`,
    `Behaviour ${sb.modes().spec ? 'as the OpenAPI document says (--spec)' : 'as HighLevel really behaves'}; ` +
      `partial updates: ${sb.modes().partialUpdates}; bulk installation: ${sb.bulkInstall() ? 'on' : 'off'}`,
    '',
    `Company   ${sb.company.name} (${sb.company.id})`,
    ...sb.locations.map((l) => `Location  ${l.name} (${l.id})`),
    '',
    'OAuth app',
    `  client_id     ${sb.clientId}`,
    `  client_secret ${sb.clientSecret}`,
    `  authorize     ${authorize}`,
    `  token         POST ${sb.url}/oauth/token (application/x-www-form-urlencoded)`,
    '',
    'Agency connection (user_type=Company)',
    ...tokenLines(a),
    '',
    `Sub-account connection (user_type=Location, ${subName})`,
    ...tokenLines(s),
    '',
    'Run the Zapier app against the sandbox: put ONE of these two blocks in .env, as printed.',
    '',
    ...envBlock(sb, 'Agency connection', a),
    '',
    ...envBlock(sb, `Sub-account connection (${subName})`, s),
    '',
    'then:',
    '  npx zapier-platform invoke trigger search_users',
    '',
    `Webhooks (user events, signed): ${sb.webhook().url ?? 'off (--webhook-url URL, or below)'}`,
    `  curl -X POST ${sb.url}/_sandbox/webhook -H 'Content-Type: application/json' -d '{"url":"http://127.0.0.1:PORT/hook"}'`,
    'Add this block to .env too, to verify them:',
    '',
    ...webhookKeyBlock(sb),
    '',
    'Expire every access token (the next call answers 401 Invalid JWT, a refresh works):',
    `  curl -X POST ${sb.url}/_sandbox/expire-tokens`,
    '',
    `Control: GET ${sb.url}/_sandbox/info, GET|DELETE ${sb.url}/_sandbox/log, POST ${sb.url}/_sandbox/faults,`,
    `         POST ${sb.url}/_sandbox/expire-tokens, POST ${sb.url}/_sandbox/tokens,`,
    `         GET|POST ${sb.url}/_sandbox/mode, GET|POST ${sb.url}/_sandbox/bulk-install,`,
    `         POST|DELETE ${sb.url}/_sandbox/raw-users, GET|POST ${sb.url}/_sandbox/webhook,`,
    `         GET ${sb.url}/_sandbox/webhook-keys`,
    'Ctrl+C stops the sandbox.',
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const sb = await startSandbox(opts);
  console.log(banner(sb));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    if (!opts.quiet) console.log(`\n${signal}: closing the sandbox`);
    sb.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
