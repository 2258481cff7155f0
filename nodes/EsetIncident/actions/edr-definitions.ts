import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	PreSendAction,
} from 'n8n-workflow';

import { identifierValue } from '../../shared/path-parameters';
import { xmlProblem } from '../../shared/xml';
import { runEsetOperation } from './run-operation';
import { esetIdentifierParameter } from './validation';
import { operationError } from '../../shared/errors';
import { nodeParameter } from '../../shared/node-parameter';

/** v2EdrRuleExclusion.note: "Max 2048 characters long." */
export const MAX_EXCLUSION_NOTE_LENGTH = 2048;

/** Line `line` of a text, trimmed and cut to 120 characters, in quotes. */
function quotedLine(text: string, line: number): string {
	const content = (text.split('\n')[line - 1] ?? '').trim();
	return JSON.stringify(content.length > 120 ? `${content.slice(0, 119)}…` : content);
}

/**
 * An XML definition as it is sent: trimmed, not empty, well-formed. ESET validates it against
 * ESET Inspect's rules guide; the node checks only what is certain before sending.
 */
export function xmlDefinitionValue(
	node: INode,
	raw: unknown,
	label: string,
	itemIndex: number,
): string {
	const xml = String(raw ?? '').trim();
	if (!xml) {
		throw operationError(node, `${label} is empty`, {
			description:
				"Enter the rule in ESET Inspect's XML rule language: <rule><definition>…</definition><description><name>…</name></description></rule>.",
			itemIndex,
		});
	}
	const problem = xmlProblem(xml);
	if (problem) {
		const message = `${label} is not well-formed XML: line ${problem.line}: ${problem.problem}`;
		const description = `Line ${problem.line} reads: ${quotedLine(xml, problem.line)}. Nothing was sent. ESET accepts only an XML definition that follows ESET Inspect's rules guide (https://help.eset.com/ei_rules/latest/en-US/).`;
		throw operationError(node, message, { description, itemIndex });
	}
	return xml;
}

/** The `scopes` of a rule or exclusion, `[{deviceUuid}]` / `[{deviceGroupUuid}]`, as listed. */
export function scopesValue(context: IExecuteSingleFunctions): IDataObject[] | undefined {
	const entries = (nodeParameter(context, 'scopes.scope', []) as IDataObject[]) ?? [];
	if (!entries.length) return undefined;
	return entries.map((entry) => {
		const group = entry.type === 'deviceGroup';
		const label = group ? 'Scopes → Device Group UUID' : 'Scopes → Device UUID';
		const uuid = identifierValue(
			context.getNode(),
			entry.uuid,
			esetIdentifierParameter(label),
			context.getItemIndex(),
		);
		return group ? { deviceGroupUuid: uuid } : { deviceUuid: uuid };
	});
}

/** The rule UUIDs of an exclusion: comma-separated, each checked, at least one. */
function ruleUuidsValue(context: IExecuteSingleFunctions): string[] {
	const raw = nodeParameter(context, 'ruleUuids', '');
	const parts = String(raw ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	if (!parts.length) {
		throw operationError(context.getNode(), 'Rule UUIDs is empty', {
			description:
				'An exclusion patches one or more EDR rules: enter the UUID of each, comma-separated (for a detection, its edrRuleUuid).',
			itemIndex: context.getItemIndex(),
		});
	}
	return [
		...new Set(
			parts.map((part) =>
				identifierValue(
					context.getNode(),
					part,
					esetIdentifierParameter('Rule UUIDs'),
					context.getItemIndex(),
				),
			),
		),
	];
}

/** A note of an exclusion: at most 2048 characters (ESET's limit), or none. */
export function exclusionNoteValue(
	node: INode,
	raw: unknown,
	itemIndex: number,
): string | undefined {
	const note = String(raw ?? '');
	if (!note.trim()) return undefined;
	if ([...note].length > MAX_EXCLUSION_NOTE_LENGTH) {
		throw operationError(
			node,
			`Note is longer than ${MAX_EXCLUSION_NOTE_LENGTH} characters (${[...note].length})`,
			{
				description: `ESET keeps at most ${MAX_EXCLUSION_NOTE_LENGTH} characters of an exclusion's note. Nothing was sent.`,
				itemIndex,
			},
		);
	}
	return note;
}

/** preSend of EDR Rule → Create: `{"rule": {xmlDefinition, enabled, scopes}}`, a scope at least. */
export const setEdrRuleBody: PreSendAction = async function (
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
) {
	const scopes = scopesValue(this);
	if (!scopes) {
		throw operationError(this.getNode(), 'Scopes: add at least one device or device group', {
			description:
				'A rule applies in the scopes listed; ESET documents no meaning for a rule without one. Nothing was sent.',
			itemIndex: this.getItemIndex(),
		});
	}
	requestOptions.body = {
		rule: {
			xmlDefinition: xmlDefinitionValue(
				this.getNode(),
				nodeParameter(this, 'xmlDefinition', ''),
				'XML Definition',
				this.getItemIndex(),
			),
			enabled: nodeParameter(this, 'enabled', true) !== false,
			scopes,
		},
	};
	return requestOptions;
};

/**
 * preSend of EDR Rule Exclusion → Create:
 * `{"exclusion": {xmlDefinition, enabled, note?, ruleUuids, scopes?}}`.
 */
export const setEdrRuleExclusionBody: PreSendAction = async function (
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
) {
	const xmlDefinition = xmlDefinitionValue(
		this.getNode(),
		nodeParameter(this, 'xmlDefinition', ''),
		'XML Definition',
		this.getItemIndex(),
	);
	const note = exclusionNoteValue(
		this.getNode(),
		nodeParameter(this, 'exclusionNote', ''),
		this.getItemIndex(),
	);
	const ruleUuids = ruleUuidsValue(this);
	const scopes = scopesValue(this);
	requestOptions.body = {
		exclusion: {
			xmlDefinition,
			enabled: nodeParameter(this, 'enabled', true) !== false,
			...(note ? { note } : {}),
			ruleUuids,
			...(scopes ? { scopes } : {}),
		},
	};
	return requestOptions;
};

/** preSend of Update Definition (rules and exclusions): `{"xmlDefinition"}`. */
export const setXmlDefinitionBody: PreSendAction = async function (
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
) {
	requestOptions.body = {
		xmlDefinition: xmlDefinitionValue(
			this.getNode(),
			nodeParameter(this, 'xmlDefinition', ''),
			'XML Definition',
			this.getItemIndex(),
		),
	};
	return requestOptions;
};

/**
 * Get Many EDR rules and exclusions: `severityLevel` (rules only; "any" sends none) and
 * `includeTotalSize=true` when asked for, then the pages.
 */
export async function listEdrObjects(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const qs: IDataObject = { ...requestData.options.qs };
	const severityLevel = nodeParameter(this, 'edrRuleFilters.severityLevel', '') as string;
	if (severityLevel) qs.severityLevel = severityLevel;
	if (nodeParameter(this, 'includeTotalSize', false) === true) qs.includeTotalSize = true;
	requestData.options.qs = qs;
	return await runEsetOperation(this, requestData);
}
