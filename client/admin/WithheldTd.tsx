/** A table cell for a withheld figure: hatched, a short mark for the eye, its reason for screen readers and as a tooltip; never a number. */
export function WithheldTd({ reason, mark, colSpan }: { reason: string; mark: string; colSpan?: number }) {
  return (
    <td className="withheld" title={reason} colSpan={colSpan}>
      <span aria-hidden="true">{mark}</span>
      <span className="visually-hidden">{reason}</span>
    </td>
  )
}
