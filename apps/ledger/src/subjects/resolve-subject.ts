import { ApiProblems } from '../http/openapi';
import { AccessLogged } from '../access-log/access-log';
import { Allow, READERS } from '../auth/roles';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { SubjectLedger } from '../ledger/subject-ledger';
import { IsIin } from '../http/validation';
import { ResolvedSubjectDto } from './subject-answers';

export class ResolveSubjectDto {
  @ApiProperty({ example: '900101300017' })
  @IsIin()
  iin!: string;
}

type Resolved = { readonly subjectId: string; readonly known: true } | { readonly known: false };

/** IINs never travel in URLs (they end up in proxy logs): the pseudonym does. */
@ApiTags('queries')
@Controller('v1/subjects')
export class ResolveSubjectController {
  constructor(private readonly subjects: SubjectLedger) {}

  @Allow('lending-core', ...READERS)
  @Post('resolve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The pseudonym (subjectId) of an IIN, and whether the ledger holds anything about the person',
  })
  @ApiOkResponse({
    type: ResolvedSubjectDto,
    description: '{ subjectId, known: true } for a person the ledger knows, { known: false } otherwise',
  })
  @ApiProblems(400)
  // An IIN the ledger does not know makes no pseudonym, stream or key: only a miss is recorded.
  @AccessLogged<Resolved>('resolve', (answer) =>
    answer.known ? { person: answer.subjectId, parameters: { known: true } } : { miss: true },
  )
  async resolve(@Body() dto: ResolveSubjectDto): Promise<Resolved> {
    const subjectId = await this.subjects.lookup(dto.iin);
    return subjectId ? { subjectId, known: true } : { known: false };
  }
}
