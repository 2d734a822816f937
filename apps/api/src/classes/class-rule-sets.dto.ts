import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';

export class SetClassRuleSetsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: 50,
    description:
      "Rule sets to apply, in order (such as a shared brand set, then the class's own); no repeats, none " +
      'archived. Empty leaves the class with integrity and media checks only.',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  ruleSetIds!: string[];
}
