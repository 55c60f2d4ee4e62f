import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Instant } from '@ledger/consent-domain';
import { EventStore, Position, readStreamTail } from '@ledger/event-store';
import { CHECKPOINT_STREAM, Keyring, KEYRING_FORMAT, metadataOf } from '@ledger/ledger-log';
import { LedgerConfig } from '../config/ledger-config';
import { EVENT_STORE, LEDGER_CONFIG } from '../ledger/tokens';

/** The key checkpoints and export seals verify against, and every key the ledger has used (PublicKeyDto). */
export interface PublicKeyAnswer {
  readonly algorithm: 'Ed25519';
  readonly keyId: string;
  readonly fingerprint: string;
  readonly publicKeyPem: string;
  readonly keyring: Keyring;
}

/** A signed checkpoint as stored (its `LogCheckpointSigned` data), with where it lies in the log (CheckpointDto). */
export type CheckpointEntry = {
  readonly eventId: string;
  readonly revision: number;
  readonly position: Position;
  readonly recordedAt: Instant;
} & Readonly<Record<string, unknown>>;

export class GetPublicKeyQuery extends Query<PublicKeyAnswer> {}

export class ListCheckpointsQuery extends Query<{ readonly checkpoints: CheckpointEntry[] }> {
  constructor(readonly limit: number) {
    super();
  }
}

@QueryHandler(GetPublicKeyQuery)
export class GetPublicKeyHandler implements IQueryHandler<GetPublicKeyQuery> {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  execute(): Promise<PublicKeyAnswer> {
    return Promise.resolve({
      algorithm: 'Ed25519',
      keyId: this.config.signingKey.keyId,
      fingerprint: this.config.signingKey.fingerprint,
      publicKeyPem: this.config.signingKey.publicKeyPem,
      keyring: { format: KEYRING_FORMAT, keys: this.config.signingKeyring },
    });
  }
}

@QueryHandler(ListCheckpointsQuery)
export class ListCheckpointsHandler implements IQueryHandler<ListCheckpointsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ limit }: ListCheckpointsQuery): Promise<{ readonly checkpoints: CheckpointEntry[] }> {
    const newest = await readStreamTail(this.store, CHECKPOINT_STREAM, limit);
    return {
      checkpoints: newest.reverse().map((e) => ({
        eventId: e.id,
        revision: e.revision,
        position: e.position,
        recordedAt: metadataOf(e).recordedAt,
        ...e.data,
      })),
    };
  }
}
