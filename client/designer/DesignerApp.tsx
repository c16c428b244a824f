import type { Me } from '../api/auth'
import type { Owner } from '../api/designer'
import { DesignerHome } from './DesignerHome'
import { DraftEditor } from './DraftEditor'
import './designer.css'

/** The instrument designer (issue 10): /admin/design, and /admin/design/<school id|district>/drafts/<id>. */
export function DesignerApp({ me }: { me: Me }) {
  const editing = /^\/admin\/design\/(district|\d+)\/drafts\/(\d+)/.exec(window.location.pathname)
  if (editing) {
    const owner: Owner = editing[1] === 'district' ? 'district' : Number(editing[1])
    return <DraftEditor me={me} owner={owner} draftId={Number(editing[2])} />
  }
  return <DesignerHome me={me} />
}
