using System.Text.Json.Serialization;

namespace ContentHelper.Shared.Contacts;

/// <summary>The circles of a professional network, from the networking advice the product is built on.</summary>
public enum Circle
{
    Strategic,
    Mentor,
    Sponsor,
    Peer,
    Sector,
    OutOfSector,
    Geographic,
    SuperConnector,
    Local,
    Specialist,
    InformationGenerator,
    Social,
}

public enum Channel
{
    Email,
    [JsonStringEnumMemberName("linkedin")] LinkedIn,
    [JsonStringEnumMemberName("whatsapp")] WhatsApp,
    X,
    Telegram,
    Facebook,
    Other,
}
