import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { identifierValue } from '../../shared/path-parameters';
import type { DetectionFilterLabels } from './detections';
import { detectionListQuery } from './detections';
import { detectionGroupFilter } from './detection-group-filter';
import { runEsetOperation } from './run-operation';
import { simplifyDetectionGroup } from './simplify';
import { esetIdentifierParameter } from './validation';
import { operationError } from '../../shared/errors';
import { nodeParameter } from '../../shared/node-parameter';

const LIST_LABELS: DetectionFilterLabels = {
	startTime: 'Filters → Occurred After',
	endTime: 'Filters → Occurred Before',
	deviceUuid: 'Filters → Device UUID',
	cloudOfficeTenantUuid: 'Filters → Cloud Office Tenant UUID',
};

/**
 * Get Many detection groups: ESET's time window, device and tenant filters, then the pages, of
 * which the node keeps the groups that list Contains Detection (docs/filters.md).
 */
export async function listDetectionGroups(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const filters = nodeParameter(this, 'detectionGroupFilters', {}) as IDataObject;
	requestData.options.qs = {
		...requestData.options.qs,
		...detectionListQuery(this, filters, LIST_LABELS),
	};
	const contains = filters.detectionUuid;
	if (contains === undefined || String(contains).trim() === '')
		return await runEsetOperation(this, requestData, { simplify: simplifyDetectionGroup });
	const detectionUuid = identifierValue(
		this.getNode(),
		contains,
		esetIdentifierParameter('Filters → Contains Detection (UUID)'),
		this.getItemIndex(),
	);
	return await runEsetOperation(this, requestData, {
		simplify: simplifyDetectionGroup,
		localFilter: (group) =>
			Array.isArray(group.detectionOccurenceUuids) &&
			(group.detectionOccurenceUuids as unknown[]).includes(detectionUuid),
	});
}

/** preSend of Search: `{"filter"}` from the builder's conditions and the raw filter, or `{}`. */
export async function setSearchFilter(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const conditions = nodeParameter(this, 'searchConditions', {}) as IDataObject;
	const compiled = detectionGroupFilter({
		unresolvedOnly: conditions.unresolvedOnly === true,
		severity: (conditions.severity as string[] | undefined) ?? [],
		deviceUuid: conditions.deviceUuid === undefined ? undefined : String(conditions.deviceUuid),
		rawFilter: conditions.rawFilter === undefined ? undefined : String(conditions.rawFilter),
	});
	if ('problem' in compiled) {
		throw operationError(this.getNode(), `Conditions → ${compiled.field} ${compiled.problem}`, {
			description:
				'Nothing was sent. Values go into the filter in double quotes, as ESET documents it; see the field description.',
			itemIndex: this.getItemIndex(),
		});
	}
	requestOptions.body = compiled.filter ? { filter: compiled.filter } : {};
	return requestOptions;
}
