using ContentHelper.Api.Contacts;
using ContentHelper.Shared.Contacts;
using ContentHelper.Shared.Shares;

namespace ContentHelper.Api.Suggestions;

/// <summary>Send (a private message) or tag (a public mention), and on which channel.</summary>
internal static class ShareActions
{
    // Close relationships get a personal message, whatever the article: a public tag would be too little.
    static readonly HashSet<Circle> Close = [Circle.Strategic, Circle.Mentor, Circle.Sponsor, Circle.Social, Circle.Local];

    // People who live in public conversation and usually welcome a mention.
    static readonly HashSet<Circle> Public = [Circle.InformationGenerator, Circle.SuperConnector];

    /// <param name="reach">How the contact can be reached (their phone only when it is a valid number).</param>
    public static (ShareAction Action, Channel Channel) Choose(Contact contact, ContactChannels reach, bool publicArticle)
    {
        var canTagOnX = contact.XHandle is not null;
        var onLinkedIn = contact.LinkedInUrl is not null;
        var wantsPublic = contact.Circle is { } circle ? Public.Contains(circle) : contact.PreferredChannel == Channel.X;
        var closeTie = IsCloseTie(contact);

        if (publicArticle && !closeTie && (wantsPublic || contact.PreferredChannel == Channel.X) && (canTagOnX || onLinkedIn))
        {
            var channel = contact.PreferredChannel switch
            {
                Channel.X when canTagOnX => Channel.X,
                Channel.LinkedIn when onLinkedIn => Channel.LinkedIn,
                _ => canTagOnX ? Channel.X : Channel.LinkedIn,
            };
            return (ShareAction.Tag, channel);
        }
        return (ShareAction.Send, PrivateChannel(reach));
    }

    /// <summary>A strategic contact, mentor, sponsor, friend or neighbour: they get a personal note, never only a mention in a post.</summary>
    public static bool IsCloseTie(Contact contact) => contact.Circle is { } c && Close.Contains(c);

    /// <summary>The preferred channel when the contact can be reached on it, else the first that works; Other when none does (the message is copied).</summary>
    static Channel PrivateChannel(ContactChannels contact)
    {
        bool Usable(Channel channel) => channel switch
        {
            Channel.Email => contact.Email is not null,
            Channel.WhatsApp => contact.Phone is not null,
            Channel.LinkedIn => contact.LinkedInUrl is not null,
            Channel.Telegram => true,
            _ => false,
        };
        if (contact.PreferredChannel is { } preferred && Usable(preferred)) return preferred;
        foreach (var channel in new[] { Channel.Email, Channel.WhatsApp, Channel.LinkedIn })
            if (Usable(channel)) return channel;
        return Channel.Other;
    }
}
