import { DEFAULT_SMS_RULES_CONFIG, type SmsRulesConfig } from '../config';
import type { LengthEstimate } from '../length';
import { FindingList, hasErrors, type Finding } from '../rules';
import type { Range } from '../text';
import { isTemplateType, type TemplateType } from '../types';
import { scanVariables, type VariableScan } from '../variables';
import { lintTemplateLength } from './length-rules';
import { lintTemplateFields } from './template-fields';
import { lintTemplateText } from './template-text';
import { lintTemplateVariables } from './template-variables';
import { lintCharacters } from './text-rules';

// Template lint: drafts before taobao.jst.sms.template.create / modify. § = top-api.md; each rule's source is also in
// rules.ts (SMS_RULES). The rule groups run in a fixed order (findings keep it where their sort ties).

export interface TemplateInput {
  content: string;
  /** template_type: 0 verification, 1 notification, 2 marketing, 3 international (§2.1). */
  type: TemplateType | number;
  /** template_type_class, default NORMAL (§2.1). */
  typeClass?: string;
  /** template_name; checked only when given (undefined = not part of this check). */
  name?: string;
  /** remark (usage scenario); checked only when given. */
  remark?: string;
  /** Known signature, for an exact signature length in the estimate. */
  signName?: string;
}

export interface TemplateReport {
  ok: boolean;
  findings: Finding[];
  variables: Pick<VariableScan, 'names' | 'occurrences'>;
  length: LengthEstimate;
}

/** All template rules. `ok` = no error findings (warnings and info do not block). */
export function lintTemplate(input: TemplateInput, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): TemplateReport {
  const out = new FindingList(config.severityOverrides);
  const { content } = input;
  const type = isTemplateType(input.type) ? input.type : undefined;

  lintTemplateFields(input, type, out, config);

  const scan = scanVariables(content, config);
  out.addAll(scan.findings);
  const placeholders: Range[] = [...scan.occurrences, ...scan.malformed];

  lintTemplateVariables(content, type, scan, out, config);
  lintTemplateText(content, type, placeholders, out, config);
  lintCharacters(content, 'content', out, config);

  const length = lintTemplateLength(content, input.signName, type, out, config);

  const findings = out.sorted();
  return {
    ok: !hasErrors(findings),
    findings,
    variables: { names: scan.names, occurrences: scan.occurrences },
    length,
  };
}
