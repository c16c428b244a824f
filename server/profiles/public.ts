/**
 * What other capabilities read from profiles (the asset map's gaps): a school's profile, the district comparison
 * and the service grids of many schools, each with its figures already withheld under k. Everything else in
 * profiles/ is its own.
 */
export { compareDistrict } from './comparison.service'
export { schoolProfile, serviceGridsOfSchools, type ProfileOptions } from './profiles.service'
