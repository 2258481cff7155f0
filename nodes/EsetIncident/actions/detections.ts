import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { dateTimeOrProblem, toUtcString } from '../../shared/date-time';
import { identifierValue } from '../../shared/path-parameters';
import { runEsetOperation } from './run-operation';
import { simplifyDetection } from './simplify';
import { esetIdentifierParameter } from './validation';
import { operationError } from '../../shared/errors';

/** How a list's time window and identifier filters are labelled in its Filters collection. */
export interface DetectionFilterLabels {
	startTime: string;
	endTime: string;
	[identifier: string]: string;
}

/** The filters each source of Get Many takes: what its endpoint documents. */
const DETECTION_LABELS: Record<string, DetectionFilterLabels> = {
	devices: {
		startTime: 'Filters → Occurred After',
		endTime: 'Filters → Occurred Before',
		deviceUuid: 'Filters → Device UUID',
	},
	cloudOffice: {
		startTime: 'Filters → Occurred After',
		endTime: 'Filters → Occurred Before',
		cloudOfficeTenantUuid: 'Filters → Cloud Office Tenant UUID',
	},
};

/**
 * The query of a list of detections (or detection groups): the time window as ESET's `startTime`
 * (inclusive) and `endTime` (exclusive) on `occurTime`, both sent as UTC (`…Z`) whatever zone they
 * were given in (without one: the workflow's), and each identifier filter that `labels` names
 * (besides the times), checked and trimmed.
 */
export function detectionListQuery(
	context: IExecutePaginationFunctions,
	filters: IDataObject,
	labels: DetectionFilterLabels,
): IDataObject {
	const node = context.getNode();
	const itemIndex = context.getItemIndex();
	const window: Record<'startTime' | 'endTime', Date | undefined> = {
		startTime: undefined,
		endTime: undefined,
	};
	for (const name of ['startTime', 'endTime'] as const) {
		const { date, problem } = dateTimeOrProblem(filters[name], context.getTimezone());
		if (problem) {
			throw operationError(node, `${labels[name]}: ${problem}`, {
				description: `Without a zone, a time is read in the workflow's time zone (${context.getTimezone()}).`,
				itemIndex,
			});
		}
		window[name] = date;
	}
	if (window.startTime && window.endTime && window.startTime >= window.endTime) {
		throw operationError(node, `${labels.startTime} must be before ${labels.endTime}`, {
			description: `Got ${toUtcString(window.startTime)} and ${toUtcString(window.endTime)}: no detection can be in between. Occurred Before is exclusive.`,
			itemIndex,
		});
	}
	const qs: IDataObject = {};
	if (window.startTime) qs.startTime = toUtcString(window.startTime);
	if (window.endTime) qs.endTime = toUtcString(window.endTime);
	for (const [name, label] of Object.entries(labels)) {
		if (name === 'startTime' || name === 'endTime') continue;
		const value = filters[name];
		if (value !== undefined && String(value).trim() !== '') {
			qs[name] = identifierValue(node, value, esetIdentifierParameter(label), itemIndex);
		}
	}
	return qs;
}

/**
 * Get Many detections of a source: devices (`GET /v1/detections`: time window, device) or Cloud
 * Office (`GET /v2/detections`: time window, tenant), then the pages.
 */
export async function listDetections(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const source =
		this.getNodeParameter('source', 'devices') === 'cloudOffice' ? 'cloudOffice' : 'devices';
	const filters = this.getNodeParameter('detectionFilters', {}) as IDataObject;
	requestData.options.qs = {
		...requestData.options.qs,
		...detectionListQuery(this, filters, DETECTION_LABELS[source]),
	};
	return await runEsetOperation(this, requestData, { simplify: simplifyDetection });
}
