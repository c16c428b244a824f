import type { SchoolProfile } from '../../api/profiles'
import { useRequest } from '../../ui/use-request'
import { ReleaseLine } from '../ReleaseLine'
import { BackLink } from './BackLink'
import { BreakdownsSection } from './BreakdownsSection'
import { ChangeSection } from './ChangeSection'
import { fetchWording } from './item-wording'
import { ItemsSection } from './ItemsSection'
import { NeedAssetSection } from './NeedAssetSection'
import { ProfileActions } from './ProfileActions'
import { ResponsesSection } from './ResponsesSection'
import { RoleSection } from './RoleSection'
import { ServicesSection } from './ServicesSection'
import { StandsOut } from './StandsOut'
import { useProfileFormat } from './use-profile-format'
import { WhatIsHereSection } from './WhatIsHere'

/** The profile's sections, in the order a reader wants them: who answered, what stands out, then each picture. */
export function Profile({ profile, administration }: { profile: SchoolProfile; administration: number | null }) {
  const format = useProfileFormat(profile.minCellSize)
  const { t } = format
  // Item wording and service names come from the instruments; the charts draw at once and take the words when they arrive.
  const wording = useRequest(fetchWording, 'wording')
  return (
    <main className="admin profile">
      <BackLink />
      <h1>{profile.school.name}</h1>
      <p className="profile-meta">
        {[profile.administration.name, profile.school.region, profile.school.cohort].filter(Boolean).join(' · ')}
      </p>
      <ReleaseLine release={profile.release} administration={profile.administration.id} k={profile.minCellSize} />
      <p className="hint">{t('privacy', { k: profile.minCellSize })}</p>
      <ProfileActions profile={profile} administration={administration} format={format} />
      <ResponsesSection profile={profile} format={format} />
      <StandsOut profile={profile} format={format} />
      <WhatIsHereSection profile={profile} administration={administration} />
      <NeedAssetSection domains={profile.domains} format={format} />
      <RoleSection domains={profile.domains} format={format} highNeedThreshold={profile.highNeedThreshold} />
      <BreakdownsSection profile={profile} format={format} />
      <ChangeSection profile={profile} format={format} />
      <ServicesSection profile={profile} wording={wording.data} format={format} />
      <ItemsSection profile={profile} wording={wording.data} wordingError={wording.error} format={format} />
    </main>
  )
}
