import type {
	DeclarativeRestApiSettings,
	IDataObject,
	INode,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { xmlAttribute, xmlText } from '../../shared/xml';
import { exclusionNoteValue } from './edr-definitions';
import { esetRequest, malformed } from '../transport';
import { pendingItem, runEsetOperation } from './run-operation';
import { operationError } from '../../shared/errors';
import { nodeParameter } from '../../shared/node-parameter';

const EXCLUSIONS_PATH = '/v2/edr-rule-exclusions';

/** The conditions the node can write: only the process path (docs/detections.md). */
export const EXCLUSION_CONDITIONS = ['processPath'] as const;

export type ExclusionScope = 'device' | 'allDevices';

/** What the exclusion is built from, as read from the detection. */
export interface DetectionForExclusion {
	uuid: string;
	displayName?: string;
	edrRuleUuid: string;
	processPath: string;
	deviceUuid?: string;
}

/**
 * The XML of an exclusion of the detection's process: one condition, its file's exact full path
 * (`FileItem` / `FullPath` `is`), values XML-escaped (docs/detections.md).
 */
export function exclusionXml(name: string, processPath: string): string {
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<rule>',
		'  <definition>',
		'    <process>',
		'      <operator type="AND">',
		`        <condition component="FileItem" property="FullPath" condition="is" value="${xmlAttribute(processPath)}" />`,
		'      </operator>',
		'    </process>',
		'  </definition>',
		'  <description>',
		`    <name>${xmlText(name)}</name>`,
		'  </description>',
		'</rule>',
	].join('\n');
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * What is wrong with a process path as the value of an exclusion, if anything: a control character
 * or `%`, an environment variable to ESET (docs/detections.md).
 */
function processPathProblem(path: string): string | undefined {
	for (const char of path) {
		const code = char.codePointAt(0)!;
		if (
			code < 0x20 ||
			code === 0x7f ||
			(code >= 0xd800 && code <= 0xdfff) ||
			code === 0xfffe ||
			code === 0xffff
		) {
			return 'contains a control character, which an XML attribute does not carry unchanged';
		}
	}
	if (path.includes('%'))
		return 'contains "%", which ESET reads as an environment variable (such as %SYSTEM%), and ESET documents no way to write a literal one';
	return undefined;
}

/** The detection's fields the exclusion needs (rule, process path, device), or what it lacks. */
export function detectionForExclusion(
	detection: IDataObject,
	scope: ExclusionScope,
): DetectionForExclusion | { missing: string } {
	const uuid = text(detection.uuid) ?? '(no UUID)';
	const edrRuleUuid = text(detection.edrRuleUuid);
	const process =
		detection.process && typeof detection.process === 'object'
			? (detection.process as IDataObject)
			: undefined;
	const processPath = text(process?.path);
	const device =
		detection.device && typeof detection.device === 'object'
			? (detection.device as IDataObject)
			: undefined;
	const deviceUuid = text(device?.uuid);
	const missing = [
		!edrRuleUuid && 'EDR rule (edrRuleUuid: detections of other kinds, e.g. antivirus, have none)',
		!processPath && 'process path (process.path: the process to exclude)',
		scope === 'device' &&
			!deviceUuid &&
			'device (device.uuid: the device to scope the exclusion to)',
	].filter((entry): entry is string => !!entry);
	if (missing.length) return { missing: `Detection ${uuid} has no ${missing.join(', no ')}` };
	return {
		uuid,
		displayName: text(detection.displayName),
		edrRuleUuid: edrRuleUuid!,
		processPath: processPath!,
		deviceUuid,
	};
}

function defaultName(source: DetectionForExclusion): string {
	const file = source.processPath.split(/[\\/]/).pop() || source.processPath;
	return `False positive: ${file}${source.displayName ? ` in ${source.displayName}` : ''} (detection ${source.uuid})`;
}

/** The detection's fields the exclusion is built from, or an error naming what it lacks. */
function checkedSource(
	node: INode,
	detection: IDataObject,
	scope: ExclusionScope,
	itemIndex: number,
) {
	const source = detectionForExclusion(detection, scope);
	if ('missing' in source) {
		throw operationError(node, `${source.missing}: no exclusion was created`, {
			description:
				'An exclusion is built only from what the detection documents: the rule that fired, the process and (for Exclusion Scope "This Detection\'s Device") the device. Create one with EDR Rule Exclusion → Create instead, with your own XML.',
			itemIndex,
		});
	}
	const pathProblem = processPathProblem(source.processPath);
	if (pathProblem) {
		const message = `The process path of detection ${source.uuid} ${pathProblem}: no exclusion was created`;
		const description = `Path: ${JSON.stringify(source.processPath)}. Create the exclusion with EDR Rule Exclusion → Create and your own XML.`;
		throw operationError(node, message, { description, itemIndex });
	}
	return source;
}

/** What the user chose for the exclusion. */
interface ExclusionChoices {
	scope: ExclusionScope;
	name: string;
	note?: string;
	enabled: boolean;
}

function exclusionChoices(context: IExecutePaginationFunctions): ExclusionChoices {
	const note = noteOf(context);
	return {
		scope: nodeParameter(context, 'exclusionScope', 'device') as ExclusionScope,
		name: String(nodeParameter(context, 'exclusionName', '') ?? '').trim(),
		note,
		enabled: nodeParameter(context, 'enabled', true) !== false,
	};
}

function noteOf(context: IExecutePaginationFunctions): string | undefined {
	const value = nodeParameter(context, 'exclusionNote', '');
	return exclusionNoteValue(context.getNode(), value, context.getItemIndex()) || undefined;
}

/** The exclusion ESET gets: the XML for the process, the rule that fired, the scope. */
function exclusionBody(
	source: DetectionForExclusion,
	choices: ExclusionChoices,
	xmlDefinition: string,
): IDataObject {
	return {
		xmlDefinition,
		enabled: choices.enabled,
		...(choices.note ? { note: choices.note } : {}),
		ruleUuids: [source.edrRuleUuid],
		...(choices.scope === 'device' ? { scopes: [{ deviceUuid: source.deviceUuid }] } : {}),
	};
}

/** What the node adds to the created exclusion: the XML it sent and the detection it came from. */
function sentFor(source: DetectionForExclusion, xmlDefinition: string): IDataObject {
	const { uuid, displayName, edrRuleUuid, processPath, deviceUuid } = source;
	return {
		sentXmlDefinition: xmlDefinition,
		sourceDetection: { uuid, displayName, edrRuleUuid, processPath, deviceUuid },
	};
}

/**
 * EDR Rule Exclusion → Create From Detection: reads the detection (the routed request), then
 * creates the exclusion of its process from the rule that fired (docs/detections.md).
 */
export async function createExclusionFromDetection(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const choices = exclusionChoices(this);
	return await runEsetOperation(this, requestData, {
		writesAfterwards: [{ method: 'POST', url: EXCLUSIONS_PATH }],
		completeItems: async ([{ json: detection }], session) => {
			const source = checkedSource(node, detection, choices.scope, itemIndex);
			const xmlDefinition = exclusionXml(choices.name || defaultName(source), source.processPath);
			const body = { exclusion: exclusionBody(source, choices, xmlDefinition) };
			const request = {
				...session.request,
				method: 'POST' as const,
				url: EXCLUSIONS_PATH,
				qs: {},
				body,
			};
			const answer = await esetRequest(
				this,
				session.connection,
				request,
				session.settings,
				itemIndex,
			);
			const sent = sentFor(source, xmlDefinition);
			if (answer.statusCode === 202) return [{ json: { ...pendingItem(answer).json, ...sent } }];
			const created = answer.body.exclusion;
			if (!created || typeof created !== 'object' || Array.isArray(created)) {
				throw malformed(this, answer, 'the answer holds no exclusion object');
			}
			return [{ json: { ...(created as IDataObject), ...sent } }];
		},
	});
}
