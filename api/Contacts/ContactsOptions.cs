using ContentHelper.Shared.Contacts;

namespace ContentHelper.Api.Contacts;

/// <summary>Bound from the "Contacts" config section.</summary>
public sealed class ContactsOptions
{
    /// <summary>
    /// Default keep-in-touch cadence (days) per circle, used when a contact has no cadence of its own.
    /// Strategic (top-10) contacts are kept closest; social and geographic ties loosest.
    /// A circle missing here has no default cadence; a contact without a circle has <see cref="NoCircleCadenceDays"/>.
    /// </summary>
    public Dictionary<Circle, int> DefaultCadenceDays { get; set; } = new()
    {
        [Circle.Strategic] = 30,
        [Circle.Mentor] = 60,
        [Circle.Sponsor] = 60,
        [Circle.SuperConnector] = 60,
        [Circle.Peer] = 90,
        [Circle.Specialist] = 90,
        [Circle.InformationGenerator] = 90,
        [Circle.Sector] = 120,
        [Circle.OutOfSector] = 120,
        [Circle.Local] = 120,
        [Circle.Geographic] = 180,
        [Circle.Social] = 180,
    };

    /// <summary>
    /// Cadence of a contact without a circle (most of an imported network): as loose as the loosest circle, so that
    /// nobody drops out of touch for good. Empty (null) gives them none, and they are never due.
    /// </summary>
    public int? NoCircleCadenceDays { get; set; } = 180;

    /// <summary>
    /// First notes an import plans for the week it starts (the 7 days from the import), counting everyone of the account
    /// already due in it: a new network begins with a handful, not with everyone it holds (see <see cref="FirstNotePlanner"/>).
    /// </summary>
    public int FirstWeekNotes { get; set; } = 10;

    /// <summary>People an import lets come due in each later week, counting everyone of the account due in it.</summary>
    public int WeeklyNotes { get; set; } = 15;

    /// <summary>
    /// The country a phone number written without its international prefix belongs to ("07700 900123" with GB is
    /// +44 7700 900123), as an ISO 3166 code; empty takes the server's regional settings. Numbers written with "+"
    /// need no region. WhatsApp links and duplicate detection read numbers this way.
    /// </summary>
    public string? PhoneRegion { get; set; }

    /// <summary><see cref="PhoneRegion"/>, or the server's region when none is set (null when the server has none, as under the invariant culture).</summary>
    public string? EffectivePhoneRegion => !string.IsNullOrWhiteSpace(PhoneRegion) ? PhoneRegion.Trim().ToUpperInvariant()
        : System.Globalization.CultureInfo.CurrentCulture.Name.Length > 0 ? new System.Globalization.RegionInfo(System.Globalization.CultureInfo.CurrentCulture.Name).TwoLetterISORegionName
        : null;

    /// <summary>The cadence in force for a contact: their own, their circle's, or the loose ties' stretched to their import's round.</summary>
    public int? CadenceFor(Contact contact) => CadenceFor(contact.Circle, contact.KeepInTouchDays, contact.RoundDays);

    /// <param name="roundDays">The round of the import that planned a loose tie's first note (<see cref="Contact.RoundDays"/>): their cadence is at least that.</param>
    public int? CadenceFor(Circle? circle, int? keepInTouchDays, int? roundDays = null) =>
        keepInTouchDays ?? (circle is { } c ? (DefaultCadenceDays.TryGetValue(c, out var days) ? days : null)
            : NoCircleCadenceDays is { } loose ? Math.Max(loose, roundDays ?? 0) : null);
}
