import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { identifierQuery, timeWindowQuery } from './list-query';
import { runEsetOperation } from './run-operation';
import { simplifyDetection } from './simplify';
import { nodeParameter } from '../../shared/node-parameter';

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

/** The query of a detection (or group) list: the window on `occurTime`, the identifier filters. */
export function detectionListQuery(
	context: IExecutePaginationFunctions,
	filters: IDataObject,
	labels: DetectionFilterLabels,
): IDataObject {
	const { startTime, endTime, ...identifiers } = labels;
	const window = timeWindowQuery(context, filters, {
		from: { name: 'startTime', query: 'startTime', label: startTime },
		before: { name: 'endTime', query: 'endTime', label: endTime },
		noun: 'detection',
	});
	return { ...window, ...identifierQuery(context, filters, identifiers) };
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
		nodeParameter(this, 'source', 'devices') === 'cloudOffice' ? 'cloudOffice' : 'devices';
	const filters = nodeParameter(this, 'detectionFilters', {}) as IDataObject;
	requestData.options.qs = {
		...requestData.options.qs,
		...detectionListQuery(this, filters, DETECTION_LABELS[source]),
	};
	return await runEsetOperation(this, requestData, { simplify: simplifyDetection });
}
