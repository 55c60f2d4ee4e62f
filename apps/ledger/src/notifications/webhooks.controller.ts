import { CommandIdField, InstantOrPositionField } from '../http/shared-dtos';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { createHash } from 'node:crypto';
import { containsIin } from '@ledger/consent-domain';
import { Webhook } from 'standardwebhooks';
import { StoredEvent } from '@ledger/event-store';
import { Digests, entityIdFor, webhookStream } from '@ledger/ledger-log';
import { AccessLogged } from '../access-log/access-log';
import { AUDITORS, Allow } from '../auth/roles';
import { LedgerConfig } from '../config/ledger-config';
import { CommandContext } from '../http/command-meta';
import { commandResponse } from '../http/command-response';
import { ApiProblems, ApiIdempotencyKey, POSITION_NOT_IN_LOG } from '../http/openapi';
import { ProblemException } from '../http/problems';
import { iinInFreeText } from '../http/request-shape';
import { LEDGER_UUID_PATTERN, NoQueryParameters, OptionalField, QueryInt } from '../http/validation';
import { CommandExecutor, CommandMeta, StreamModel } from '../ledger/command-executor';
import { KEY_STORE, LEDGER_CONFIG } from '../ledger/tokens';
import { Clock, CLOCK } from '../ledger/clock';
import { KeyStore } from '@ledger/personal-data';
import { ChangeFeed } from './change-feed';
import { DeadlineWatch } from './deadline-watch';
import { NOTIFICATION_TYPES, NotificationType } from './notifications';
import { ListAttemptsQuery, ListSubscribersQuery } from './notifications.queries';
import { subscriberKeyOwner } from './webhook-dispatcher';
import {
  AttemptsDto,
  DeadlineWatchRunDto,
  SubscriberCommandDto,
  SubscriberConfiguredDto,
  SubscribersDto,
} from './notifications.answers';
import { RecordingRoute } from '../http/routes';

const UNKNOWN_SUBSCRIBER = 'no such subscriber, or one removed (code unknown-webhook-subscriber)';

export class ConfigureSubscriberDto {
  @CommandIdField()
  commandId?: string;

  @ApiProperty({ example: 'https://core.acredit.kz/hooks/consent-ledger' })
  @IsString()
  @Length(8, 2000)
  @Matches(/^https?:\/\/[^\s/$.?#][^\s]*$/, { message: 'url must be an http(s) URL' })
  url!: string;

  @ApiProperty({ enum: NOTIFICATION_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_TYPES.length)
  @IsIn(NOTIFICATION_TYPES, { each: true })
  @ArrayUnique({ message: 'each event type may be named once' })
  eventTypes!: NotificationType[];

  @ApiProperty({ description: 'Standard Webhooks secret: whsec_ and 24-64 random bytes in base64.' })
  @IsString()
  @Matches(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, { message: 'secret must be whsec_ followed by base64' })
  secret!: string;
}

export class ReplayDto {
  @CommandIdField()
  commandId?: string;

  @InstantOrPositionField('Send again everything after this position (exclusive); absent: from the start.')
  from?: string;
}

export class RemoveDto {
  @CommandIdField()
  commandId?: string;
}

export class AttemptsQueryDto {
  @ApiPropertyOptional() @OptionalField() @Matches(/^[0-9a-f]{32}$/) subscriberId?: string;
  @ApiPropertyOptional() @OptionalField() @Matches(LEDGER_UUID_PATTERN) notificationId?: string;
  @ApiPropertyOptional({ enum: ['delivered', 'failed'] })
  @OptionalField()
  @IsIn(['delivered', 'failed'])
  outcome?: 'delivered' | 'failed';
  @ApiPropertyOptional({ description: 'The last attemptId of the previous page.' })
  @QueryInt(0)
  after?: number;
  @ApiPropertyOptional({ description: '1-1000, default 200' })
  @QueryInt(1, 1000)
  limit?: number;
}

interface SubscriberStream {
  readonly configured: boolean;
  readonly removed: boolean;
}

const SUBSCRIBER_MODEL: StreamModel<SubscriberStream> = {
  initial: () => ({ configured: false, removed: false }),
  evolve: (state, event: StoredEvent) =>
    event.type === 'WebhookSubscriberConfigured'
      ? { configured: true, removed: false }
      : event.type === 'WebhookSubscriberRemoved'
        ? { ...state, removed: true }
        : state,
};

/**
 * Subscribers are facts in the log (their own `webhook-<id>` stream): who pointed the ledger's
 * notifications at which URL, when, and who asked for a replay, is audited like everything else.
 * The secret is sealed with the subscriber's own key; removing the subscriber destroys it.
 */
@ApiTags('notifications')
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly digests: Digests,
    private readonly queries: QueryBus,
    private readonly feed: ChangeFeed,
    private readonly watch: DeadlineWatch,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @RecordingRoute({
    by: 'compliance-admin',
    path: 'subscribers',
    operation: { summary: 'Point notifications of the chosen types at a URL, signed with a secret' },
    created: { type: SubscriberConfiguredDto },
    problems: [400, 409],
  })
  async configure(@Body() dto: ConfigureSubscriberDto, @CommandContext() meta: CommandMeta) {
    const url = subscriberUrl(dto.url);
    if (this.config.production && !url.startsWith('https://')) {
      throw new ProblemException('invalid-request', 'a subscriber URL must be https in production', {}, [
        { field: 'url', code: 'https-required', message: 'use https' },
      ]);
    }
    try {
      new Webhook(dto.secret);
    } catch {
      throw new ProblemException('invalid-request', 'the secret is not a Standard Webhooks secret', {}, [
        { field: 'secret', code: 'invalid-secret', message: 'whsec_ followed by base64' },
      ]);
    }
    const subscriberId = entityIdFor('webhook', this.digests.command(meta.commandId)).replace(/-/g, '');
    const eventTypes = [...dto.eventTypes].sort();
    const secretFingerprint = createHash('sha256').update(dto.secret).digest('hex').slice(0, 16);
    const result = await this.executor.execute({
      meta,
      commandType: 'ConfigureWebhookSubscriber',
      stream: webhookStream(subscriberId),
      target: subscriberId,
      // The secret itself is compared by its fingerprint only: a request digest outlives the key.
      request: { url: dto.url, eventTypes, secretFingerprint },
      occurredAt: this.clock.now(),
      model: SUBSCRIBER_MODEL,
      owner: { subjectId: subscriberKeyOwner(subscriberId) },
      decide: (state) => {
        if (state.configured) throw new ProblemException('webhook-subscriber-exists');
        return [
          {
            type: 'WebhookSubscriberConfigured',
            data: { subscriberId, url, eventTypes, secret: dto.secret, secretFingerprint },
          },
        ];
      },
    });
    return { ...commandResponse(result), subscriberId, secretFingerprint };
  }

  @Allow('compliance-admin')
  @Post('subscribers/:subscriberId/remove')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop sending to a subscriber and destroy its secret' })
  @ApiOkResponse({ type: SubscriberCommandDto })
  @ApiProblems(400, [404, `${UNKNOWN_SUBSCRIBER} (problem+json)`], 409)
  @ApiIdempotencyKey()
  async remove(
    @Param('subscriberId') subscriberId: string,
    @Body() _dto: RemoveDto,
    @CommandContext() meta: CommandMeta,
  ) {
    const result = await this.onSubscriber(subscriberId, meta, 'RemoveWebhookSubscriber', {}, () => [
      { type: 'WebhookSubscriberRemoved', data: { subscriberId } },
    ]);
    await this.keys.destroy(subscriberKeyOwner(subscriberId), this.clock.now());
    return { ...commandResponse(result), subscriberId };
  }

  @Allow('compliance-admin')
  @Post('subscribers/:subscriberId/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a subscriber everything again after a position',
    description: 'Each notification keeps its webhook-id, so the receiver can drop what it already has.',
  })
  @ApiOkResponse({ type: SubscriberCommandDto })
  @ApiProblems(400, [404, `${UNKNOWN_SUBSCRIBER}, or from is ${POSITION_NOT_IN_LOG} (problem+json)`], 409)
  @ApiIdempotencyKey()
  async replay(
    @Param('subscriberId') subscriberId: string,
    @Body() dto: ReplayDto,
    @CommandContext() meta: CommandMeta,
  ) {
    const from = await this.feed.positionInLog(dto.from, 'from');
    const result = await this.onSubscriber(subscriberId, meta, 'ReplayWebhookSubscriber', { from }, () => [
      { type: 'WebhookReplayRequested', data: { subscriberId, ...(from ? { from } : {}) } },
    ]);
    return { ...commandResponse(result), subscriberId };
  }

  @Allow('compliance-admin')
  @Post('deadline-watch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Raise alarms now for deadlines near or past (Law 94-V Art. 8(7), Art. 19); also runs on a timer',
  })
  @ApiOkResponse({ type: DeadlineWatchRunDto })
  deadlineWatch() {
    return this.watch.run();
  }

  @Allow('compliance-admin', ...AUDITORS)
  @Get('subscribers')
  @ApiOperation({ summary: 'Subscribers with where each stands: position delivered, failures, status' })
  @ApiOkResponse({ type: SubscribersDto })
  @ApiProblems(400)
  subscribers(@Query(NoQueryParameters) _query: object) {
    return this.queries.execute(new ListSubscribersQuery());
  }

  @Allow('compliance-admin', ...AUDITORS)
  @Get('attempts')
  @ApiOperation({ summary: 'Every delivery attempt and its outcome, oldest first' })
  @ApiOkResponse({ type: AttemptsDto })
  @ApiProblems(400, [
    404,
    'subscriberId names no subscriber the ledger ever had (problem+json, code unknown-webhook-subscriber)',
  ])
  // Each attempt names the person it told of (a pseudonym, personal data as in the pull feed): a bulk look.
  @AccessLogged<{ attempts: unknown[] }>('webhook-attempts', (page, { query }) => ({
    bulk: true,
    parameters: { ...query },
    records: page.attempts.length,
  }))
  attempts(@Query() params: AttemptsQueryDto) {
    return this.queries.execute(new ListAttemptsQuery(params));
  }

  private async onSubscriber(
    subscriberId: string,
    meta: CommandMeta,
    commandType: string,
    request: object,
    decide: () => { type: string; data: object }[],
  ) {
    if (!/^[0-9a-f]{32}$/.test(subscriberId)) throw new ProblemException('unknown-webhook-subscriber');
    const result = await this.executor.execute({
      meta,
      commandType,
      stream: webhookStream(subscriberId),
      target: subscriberId,
      request,
      occurredAt: this.clock.now(),
      model: SUBSCRIBER_MODEL,
      decide: (state) => {
        if (!state.configured || state.removed) throw new ProblemException('unknown-webhook-subscriber');
        return decide();
      },
    });
    return result;
  }
}

/**
 * A subscriber's URL as it is kept and called: as fetch reads it (`http://a\b@c/` is host a, not c),
 * so that what auditors read is where people's notifications go. It must parse, and hold no user name
 * or password — they would be kept in the log in clear and shown to auditors, while the secret, the
 * one credential a delivery carries, is sealed — nor an IIN, even percent-encoded: the log keeps it
 * for good (Law 94-V Art. 18).
 */
function subscriberUrl(given: string): string {
  const refuse = (code: string, message: string) =>
    new ProblemException('invalid-request', message, {}, [{ field: 'url', code, message }]);
  let parsed: URL;
  try {
    parsed = new URL(given);
  } catch {
    throw refuse('invalid-url', 'url is not a URL');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw refuse('url-credentials', 'a subscriber URL may not hold a user name or password');
  }
  if (FETCH_BAD_PORTS.has(parsed.port)) {
    throw refuse('url-port-blocked', `port ${parsed.port} is one fetch never connects to: use another`);
  }
  if (containsIin(percentDecoded(parsed.href))) throw iinInFreeText('url');
  return parsed.href;
}

/** `%39` as `9`: whole when the text decodes, else each ASCII escape on its own. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/**
 * The Fetch standard's "bad ports" (mail, SSH, IRC, X11, SIP…), which the runtime's fetch refuses
 * before connecting: a subscriber there was taken, then failed every try with "fetch failed".
 */
const FETCH_BAD_PORTS = new Set(
  [
    1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
    111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
    540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
    6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
  ].map(String),
);
