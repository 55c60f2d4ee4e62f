import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RowProblemDto {
  @ApiProperty() line!: number;
  @ApiPropertyOptional() key?: string;
  @ApiProperty() code!: string;
  @ApiPropertyOptional() field?: string;
  @ApiProperty() message!: string;
}

export class ImportReportDto {
  @ApiProperty() importId!: string;
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() fileDigest!: string;
  @ApiProperty() rows!: number;
  @ApiProperty({ description: 'Written by this run (in a dry run: would be).' }) accepted!: number;
  @ApiProperty({ description: 'Written by an earlier run of the same rows: nothing new.' }) alreadyImported!: number;
  @ApiProperty({
    type: [RowProblemDto],
    description: 'Refused by the domain, with its reason: the first 10,000 by line (refusedCount counts them all).',
  })
  refused!: RowProblemDto[];
  @ApiProperty({ description: 'How many rows were refused, listed or not.' }) refusedCount!: number;
  @ApiProperty({
    type: [RowProblemDto],
    description: 'Not a valid command, the line and the field: the first 10,000 by line (invalidCount counts them all).',
  })
  invalid!: RowProblemDto[];
  @ApiProperty({ description: 'How many rows were invalid, listed or not.' }) invalidCount!: number;
}
