import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { xmlAttribute, xmlText } from '../../shared/xml';
import { exclusionNoteValue } from './edr-definitions';
import { malformed } from '../transport';
import { pendingItem, runEsetOperation } from './run-operation';
import { esetRequest } from '../transport';

const EXCLUSIONS_PATH = '/v2/edr-rule-exclusions';

/**
 * The conditions the node can write, each as ESET's docs spell it. Only the process path: the
 * rules guide names no property for the SHA-1 of a process, and ESET's detection carries no
 * hash for its process (incident_managementv2Process: path, commandLine, uuid).
 */
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
 * The XML of an exclusion of the detection's process, in the rule language of ESET Inspect's rules
 * guide (rule_syntax: `<rule><definition><process>…</process></definition><description><name>`):
 * one condition on the process's file, its full path exactly (`FileItem` / `FullPath`, as ESET's
 * staff write it; `is`, a documented relation), under an AND operator as in ESET's examples.
 * Values are XML-escaped; backslashes stay single, as in ESET's examples.
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
 * What is wrong with a process path as the value of an exclusion, if anything: a character XML
 * cannot carry (a control character would be changed by XML's attribute normalisation), or `%`,
 * which ESET reads as an environment variable (the wizard documents `%SYSTEM%`) — with no
 * documented escape, such an exclusion could match other paths than the detection's.
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

/**
 * Reads the fields of the detection the exclusion needs, or names what it lacks. Nothing is
 * guessed: without the rule, the process path or (for device scope) the device there is no
 * exclusion, never a broader one.
 */
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
		!edrRuleUuid &&
			'edrRuleUuid (the EDR rule that raised it; detections of other kinds, e.g. antivirus, have none)',
		!processPath && 'process.path (the process to exclude)',
		scope === 'device' && !deviceUuid && 'device.uuid (the device to scope the exclusion to)',
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

/**
 * EDR Rule Exclusion → Create from Detection: reads the detection (`GET /v2/detections/{uuid}`,
 * routed as the operation's request), builds the exclusion ESET's console wizard starts from — the
 * rule that fired, the detection's process, its device — and creates it. A read-only credential
 * stops it before the detection is read.
 */
export async function createExclusionFromDetection(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const scope = this.getNodeParameter('exclusionScope', 'device') as ExclusionScope;
	const note = exclusionNoteValue(node, this.getNodeParameter('exclusionNote', ''), itemIndex);
	const enabled = this.getNodeParameter('enabled', true) !== false;
	const name = String(this.getNodeParameter('exclusionName', '') ?? '').trim();
	return await runEsetOperation(this, requestData, {
		writesAfterwards: [{ method: 'POST', url: EXCLUSIONS_PATH }],
		completeItems: async ([{ json: detection }], session) => {
			const source = detectionForExclusion(detection, scope);
			if ('missing' in source) {
				throw new NodeOperationError(node, `${source.missing}: no exclusion was created`, {
					description:
						'An exclusion is built only from what the detection documents: the rule that fired, the process and (for "This Device") the device. Create one with EDR Rule Exclusion → Create instead, with your own XML.',
					itemIndex,
				});
			}
			const pathProblem = processPathProblem(source.processPath);
			if (pathProblem) {
				throw new NodeOperationError(
					node,
					`The process path of detection ${source.uuid} ${pathProblem}: no exclusion was created`,
					{
						description: `Path: ${JSON.stringify(source.processPath)}. Create the exclusion with EDR Rule Exclusion → Create and your own XML.`,
						itemIndex,
					},
				);
			}
			const xmlDefinition = exclusionXml(name || defaultName(source), source.processPath);
			const exclusion: IDataObject = {
				xmlDefinition,
				enabled,
				...(note ? { note } : {}),
				ruleUuids: [source.edrRuleUuid],
				...(scope === 'device' ? { scopes: [{ deviceUuid: source.deviceUuid }] } : {}),
			};
			const request = {
				...session.request,
				method: 'POST' as const,
				url: EXCLUSIONS_PATH,
				qs: {},
				body: { exclusion },
			};
			const answer = await esetRequest(
				this,
				session.connection,
				request,
				session.settings,
				itemIndex,
			);
			const sent = {
				sentXmlDefinition: xmlDefinition,
				sourceDetection: {
					uuid: source.uuid,
					displayName: source.displayName,
					edrRuleUuid: source.edrRuleUuid,
					processPath: source.processPath,
					deviceUuid: source.deviceUuid,
				},
			};
			if (answer.statusCode === 202) return [{ json: { ...pendingItem(answer).json, ...sent } }];
			const created = answer.body.exclusion;
			if (!created || typeof created !== 'object' || Array.isArray(created)) {
				throw malformed(
					{ getNode: () => node, getItemIndex: () => itemIndex },
					answer,
					'the answer holds no exclusion object',
				);
			}
			return [{ json: { ...(created as IDataObject), ...sent } }];
		},
	});
}
