/// The layouts of annotation files ``AnnotationFile`` reads.
///
/// Auto-detection (when no format is given) looks at the first non-blank line:
/// 1. it contains a comma → `csv` (a header is required);
/// 2. otherwise the file is split on runs of spaces and tabs; a first line whose fields are all
///    known column names is a header;
/// 3. a headerless, **tab**-separated file whose first line has exactly three fields is
///    Get-Another-Label (`worker object label`) when its first column has *fewer* distinct values
///    than its second, else `item worker label`. The rule rests on items outnumbering workers in
///    crowdsourcing data (true of every public data set we know: web 2,665 items / 177 workers;
///    AdultContent 11,040 objects / 825 workers); pass the format explicitly when it does not hold;
/// 4. anything else headerless is `whitespace` (`item worker label`).
public enum AnnotationFileFormat: String, CaseIterable, Sendable {
    /// Comma-separated with a header naming the item, worker and label columns.
    case csv
    /// `item worker label`, separated by spaces or tabs, no header.
    case whitespace
    /// Get-Another-Label (Ipeirotis et al. 2010): `worker<TAB>object<TAB>label`, no header.
    case gal
}
