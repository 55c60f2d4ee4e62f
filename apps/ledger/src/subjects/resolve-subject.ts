import { CurrentPrincipal } from '../auth/principal';
import { Principal } from '../auth/roles';
import { AccessLog, AccessReason } from '../access-log/access-log';
import { Allow, READERS } from '../auth/roles';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { SubjectLedger } from '../ledger/subject-ledger';
import { IsIin } from '../http/validation';

export class ResolveSubjectDto {
  @ApiProperty({ example: '900101300017' })
  @IsIin()
  iin!: string;
}

/** IINs never travel in URLs (they end up in proxy logs): the pseudonym does. */
@ApiTags('queries')
@Controller('v1/subjects')
export class ResolveSubjectController {
  constructor(
    private readonly subjects: SubjectLedger,
    private readonly access: AccessLog,
  ) {}

  @Allow('lending-core', ...READERS)
  @Post('resolve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The pseudonym (subjectId) of an IIN, and whether the ledger holds anything about the person',
  })
  @ApiOkResponse({
    description: '{ subjectId, known: true } for a person the ledger knows, { known: false } otherwise',
  })
  async resolve(
    @Body() dto: ResolveSubjectDto,
    @CurrentPrincipal() viewer: Principal,
    @AccessReason() reason: string | undefined,
  ) {
    this.access.requireReason(viewer, reason);
    const subjectId = await this.subjects.lookup(dto.iin);
    // An IIN the ledger does not know makes no pseudonym, stream or key: only a miss is recorded.
    if (!subjectId) {
      await this.access.miss(viewer, reason, 'resolve');
      return { known: false };
    }
    await this.access.person(subjectId, viewer, reason, 'resolve', { known: true });
    return { subjectId, known: true };
  }
}
