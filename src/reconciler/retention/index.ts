/** Retention: expiry of old call records by partition, GDPR export and erasure, and the record of every run. */
export { expireCallRecords, type ExpiryResult } from './expire';
export { exportPersonalData, personalDataCsv, personalDataJson, subjectNumber, PERSONAL_CALL_COLUMNS, type PersonalCallRecord, type PersonalDataExport, type PersonalDataRequest, type PersonalNumberRegistration } from './personal-data';
export { erasePersonalData, type ErasureResult } from './erase';
export { listRetentionRuns, type RetentionActor, type RetentionRun, type RetentionRunKind } from './runs';
export { pseudonymOf, PSEUDONYM_PREFIX } from './pseudonym';
