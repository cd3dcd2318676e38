/** Supervision referrals (线索移送): case-quality reviews, incoming referrals, the monthly package. */
export {
  addReview,
  updateReview,
  listReviews,
  type Review,
  type ReviewInput,
  type ReviewFilter,
  type ReviewUpdate,
} from './reviews';
export {
  addReferral,
  importReferrals,
  listReferrals,
  getReferral,
  countReferralsIn,
  REFERRAL_COLUMNS,
  type Referral,
  type ReferralInput,
  type ReferralImportResult,
  type RowError,
} from './incoming';
export {
  exportReferralPackage,
  freezeReferralPackage,
  getReferralPackage,
  computePackageData,
  packageFolderName,
  PACKAGE_SNAPSHOT_KIND,
  PACKAGE_RUN_JOB,
  type PackageData,
  type PackageFile,
  type PackageResult,
} from './package';
export * from './values';
