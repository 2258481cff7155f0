/** The incident filter: the builder's fields, what ESET gets of them and what the node applies. */
export { builderConditions, filterFailure, passesLocally, passesOnDetails } from './builder';
export type { Condition, IncidentFilters, SplitFilter } from './conditions';
export {
	compareInstants,
	compileIncidentFilter,
	compileOrderBy,
	FilterError,
	filterHint,
	incidentConditions,
	instant,
	MAX_FILTER_LENGTH,
	MAX_ORDER_BY_LENGTH,
	splitFilter,
	timeCondition,
} from './conditions';
export { INCIDENT_SEVERITIES, INCIDENT_STATUSES, incidentFilterOptions } from './fields';
