import type { IDataObject } from 'n8n-workflow';

/** Makes the simplified form of one output item (at most 10 fields, flat where ESET nests). */
export type Simplifier = (entry: IDataObject) => IDataObject;

/** The fields kept, in this order; those the answer lacks are left out, never invented. */
function picked(fields: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/** A detection: what it is, where and when it occurred, on which object. */
export const simplifyDetection: Simplifier = (detection) => {
	const device = (detection.device ?? {}) as IDataObject;
	const context = (detection.context ?? {}) as IDataObject;
	return picked({
		uuid: detection.uuid,
		displayName: detection.displayName,
		severityLevel: detection.severityLevel,
		occurTime: detection.occurTime,
		typeName: detection.typeName,
		objectName: detection.objectName,
		objectHashSha1: detection.objectHashSha1,
		objectUrl: detection.objectUrl,
		deviceUuid: device.uuid ?? context.deviceUuid,
		resolved: detection.resolved,
	});
};

/**
 * An incident: what it is, its state, its devices and detections. What Include added (comments,
 * devices, indicators; detections simplified too) stays: the user asked for it.
 */
export const simplifyIncident: Simplifier = (incident) => {
	const detections = Array.isArray(incident.detections)
		? (incident.detections as IDataObject[]).map(simplifyDetection)
		: undefined;
	return picked({
		uuid: incident.uuid,
		displayName: incident.displayName,
		status: incident.status,
		severity: incident.severity,
		assigneeUuid: incident.assigneeUuid,
		tags: incident.tags,
		createTime: incident.createTime,
		updateTime: incident.updateTime,
		deviceUuids: incident.deviceUuids,
		detectionUuids: incident.detectionUuids,
		detections,
		comments: incident.comments,
		devices: incident.devices,
		devicesNotFound: incident.devicesNotFound,
		indicators: incident.indicators,
	});
};
