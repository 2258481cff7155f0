import type { IExecuteSingleFunctions, IHttpRequestOptions, PreSendAction } from 'n8n-workflow';

import type { PathParameter } from '../../shared/path-parameters';
import type { CheckedStep } from '../../shared/parameter-check';
import { fillPath, identifierValue } from '../../shared/path-parameters';
import { operationError } from '../../shared/errors';
import { lowerCaseLabel } from '../../shared/text';
import { nodeParameter } from '../../shared/node-parameter';

/** ESET's identifiers are opaque strings of at most 100 characters (usually UUIDs). */
const MAX_IDENTIFIER_LENGTH = 100;

/**
 * Empty, too long, a control character, or a dot segment (`.` / `..` would change the path even
 * when URL-encoded).
 */
function identifierProblem(value: string): string | undefined {
	if (!value) return 'is empty';
	if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
		return 'contains a control character';
	if (value.length > MAX_IDENTIFIER_LENGTH)
		return `is longer than ${MAX_IDENTIFIER_LENGTH} characters`;
	if (value === '.' || value === '..') return `is "${value}"`;
	return undefined;
}

/** An ESET identifier given by the user, under the name the panel shows it by. */
export const esetIdentifierParameter = (displayName: string): PathParameter => ({
	displayName,
	problemWith: identifierProblem,
	hint: `Enter the ${displayName} of an existing ESET object, for example 123e4567-e89b-12d3-a456-426614174000.`,
});

/** An ESET identifier given by a resource locator (From List or By ID), by the locator's label. */
const esetLocatorParameter = (displayName: string): PathParameter => ({
	displayName,
	problemWith: identifierProblem,
	hint: `Pick the ${lowerCaseLabel(displayName)} from the list, or enter its UUID, for example 123e4567-e89b-12d3-a456-426614174000.`,
});

/** The identifiers ESET paths hold, by the name of the node parameter that gives them. */
export const ESET_PATH_PARAMETERS: Record<string, PathParameter> = {
	incidentUuid: esetLocatorParameter('Incident'),
	targetIncidentUuid: esetLocatorParameter('Incident'),
	commentIncidentUuid: esetLocatorParameter('Incident'),
	commentUuid: esetLocatorParameter('Comment'),
	detectionUuid: esetLocatorParameter('Detection'),
	detectionGroupUuid: esetLocatorParameter('Detection Group'),
	ruleUuid: esetLocatorParameter('EDR Rule'),
	exclusionUuid: esetLocatorParameter('EDR Rule Exclusion'),
	deviceUuid: esetLocatorParameter('Device'),
	taskUuid: esetLocatorParameter('Device Task'),
	objectUuid: esetLocatorParameter('Quarantined Object'),
};

/** After the parameter check of every ESET operation: the identifiers in its path. */
export const fillEsetPath: CheckedStep = (context, request, resolved) =>
	fillPath(context, request, ESET_PATH_PARAMETERS, resolved);

/** An identifier parameter as it is sent (checked and trimmed), for bodies that repeat it. */
export function esetIdentifier(context: IExecuteSingleFunctions, name: string): string {
	const raw = nodeParameter(context, name, '', { extractValue: true });
	return identifierValue(
		context.getNode(),
		raw,
		ESET_PATH_PARAMETERS[name],
		context.getItemIndex(),
	);
}

/**
 * A list of identifiers, from text (separated by commas, semicolons, spaces or new lines) or an
 * expression's list; each checked, repeats dropped, an empty list an error.
 */
export function esetIdentifierList(
	context: Pick<IExecuteSingleFunctions, 'getNode' | 'getNodeParameter' | 'getItemIndex'>,
	name: string,
	displayName: string,
): string[] {
	const raw = nodeParameter(context, name, '') as unknown;
	const itemIndex = context.getItemIndex();
	const entries = Array.isArray(raw)
		? raw
		: typeof raw === 'string'
			? raw.split(/[\s,;]+/).filter(Boolean)
			: [raw];
	const parameter = esetIdentifierParameter(displayName);
	const uuids = entries.map((entry) =>
		identifierValue(context.getNode(), entry, parameter, itemIndex),
	);
	if (uuids.length === 0) {
		throw operationError(context.getNode(), `${displayName} is empty`, {
			description: `Enter one or more UUIDs, separated by commas, or an expression that gives a list of them.`,
			itemIndex,
		});
	}
	return [...new Set(uuids)];
}

/** preSend factory: a text the operation cannot do without must not be blank. */
export function requireText(parameterName: string, displayName: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		if (!String(nodeParameter(this, parameterName, '') ?? '').trim()) {
			throw operationError(this.getNode(), `${displayName} is empty`, {
				description: `Enter the ${lowerCaseLabel(displayName)} to send.`,
				itemIndex: this.getItemIndex(),
			});
		}
		return requestOptions;
	};
}
