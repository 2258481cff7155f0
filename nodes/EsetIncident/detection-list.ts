import type { DeclarativeRestApiSettings, IDataObject, IExecutePaginationFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dateTimeOrProblem, toUtcString } from '../shared/date-time';
import { identifierValue } from '../shared/path-parameters';
import { runEsetOperation } from './routing';
import { esetIdentifierParameter } from './validation';

const FILTER_LABELS = {
	startTime: 'Filters → Occurred From',
	endTime: 'Filters → Occurred Before',
	cloudOfficeTenantUuid: 'Filters → Cloud Office Tenant UUID',
};

/**
 * Get Many detections: the time window as ESET's `startTime` (inclusive) and `endTime`
 * (exclusive) on the detections' `occurTime`, both sent as UTC (`…Z`) whatever zone they were
 * given in (without one: the workflow's), and the cloud office tenant; then the pages.
 */
export async function listDetections(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const itemIndex = this.getItemIndex();
	const filters = this.getNodeParameter('detectionFilters', {}) as IDataObject;
	const window: Record<'startTime' | 'endTime', Date | undefined> = { startTime: undefined, endTime: undefined };
	for (const name of ['startTime', 'endTime'] as const) {
		const { date, problem } = dateTimeOrProblem(filters[name], this.getTimezone());
		if (problem) {
			throw new NodeOperationError(node, `${FILTER_LABELS[name]}: ${problem}`, {
				description: `Without a zone, a time is read in the workflow's time zone (${this.getTimezone()}).`,
				itemIndex,
			});
		}
		window[name] = date;
	}
	if (window.startTime && window.endTime && window.startTime >= window.endTime) {
		throw new NodeOperationError(node, `${FILTER_LABELS.startTime} must be before ${FILTER_LABELS.endTime}`, {
			description: `Got ${toUtcString(window.startTime)} and ${toUtcString(window.endTime)}: no detection can be in between. Occurred Before is exclusive.`,
			itemIndex,
		});
	}
	const qs: IDataObject = { ...requestData.options.qs };
	if (window.startTime) qs.startTime = toUtcString(window.startTime);
	if (window.endTime) qs.endTime = toUtcString(window.endTime);
	const tenant = filters.cloudOfficeTenantUuid;
	if (tenant !== undefined && String(tenant).trim() !== '') {
		qs.cloudOfficeTenantUuid = identifierValue(node, tenant, esetIdentifierParameter(FILTER_LABELS.cloudOfficeTenantUuid), itemIndex);
	}
	requestData.options.qs = qs;
	return await runEsetOperation(this, requestData);
}
