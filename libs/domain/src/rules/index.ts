export * from './rule-set';
export { validateRuleSet, RULE_SET_LIMITS, type RuleSetValidation } from './validate-rule-set';
export { runRules, MAX_FINDINGS_PER_RULE, type RunRulesInput } from './engine';
export { locate, createLocator, codePointLength, type Position, type Locator } from './location';
export {
  isTextual,
  mediaTypeEssence,
  sniffMediaType,
  mediaTypeAgrees,
  type SniffedMediaType,
} from './media-type';
export { readImageSize, type ImageSize } from './image-size';
export { checkContent, isSupportedMediaType, CONTENT_CHECK_IDS, type ContentCheck } from './content-checks';
export { compilePattern, MAX_PATTERN_SOURCE_LENGTH, MAX_PATTERN_PROGRAM_SIZE } from './kinds/pattern';
