using System.Net;

namespace ContentHelper.Tests.Suggestions;

/// <summary>
/// Real-world kinds of article that a first try of the product with a realistic network got wrong (issue "The right
/// people, for true reasons"), written for these tests: a space story a specialist and a generalist both fit, a
/// respiratory case a specialist owns, a coworking company under investigation, a local crime story with an
/// everyday word in its title, and pages in German and French.
/// </summary>
static class NetworkPages
{
    public const string EuropaUrl = "https://news.example.org/science/europa-plumes";
    public const string EuropaTitle = "NASA finds new evidence of water plumes erupting from Jupiter's moon Europa";
    public static readonly string[] Europa =
    [
        "Scientists at NASA say they have found fresh evidence that plumes of water vapour are erupting from the icy surface of Europa, one of Jupiter's largest moons.",
        "The team used the Keck Observatory in Hawaii to study the moon's surface on seventeen nights, and on one of them detected the chemical signature of water vapour above Europa's leading hemisphere.",
        "Astronomers have long suspected that a salty ocean lies beneath Europa's icy crust, and that it could hold more water than all of Earth's oceans combined.",
        "If the plumes are real, a spacecraft could sample the ocean's water without drilling through kilometres of ice, said Lucas Paganini, the planetary scientist who led the study.",
        "NASA's Europa Clipper mission, which will orbit Jupiter and fly past the moon dozens of times, is designed to measure the ice shell and look for signs that the ocean could support life.",
        "The observations add to earlier hints from the Hubble Space Telescope, which captured possible plumes in ultraviolet images in 2012 and 2016.",
    ];

    public const string LungUrl = "https://health.example.org/feather-duvet-lung";
    public const string LungTitle = "Doctors warn of 'feather duvet lung' after a patient's breathlessness is traced to his bedding";
    public static readonly string[] Lung =
    [
        "Doctors in Scotland have warned of a rare condition they call feather duvet lung, after a man's months of breathlessness were traced to his new feather pillows and duvet.",
        "The 43-year-old had been treated for a chest infection, but his cough and shortness of breath returned whenever he went to bed, the team wrote in the journal BMJ Case Reports.",
        "Scans showed inflammation in his lungs, and tests found antibodies to bird proteins, which pointed to hypersensitivity pneumonitis, an allergic reaction of the lungs to inhaled dust.",
        "Respiratory physicians say the condition is often mistaken for asthma or infection, and that patients can develop permanent scarring of the lung if the cause is not removed.",
        "Once the bedding was replaced with synthetic fibres and he was given a course of steroids, his breathing improved within weeks.",
        "The doctors urged colleagues to ask people with unexplained lung disease about feathers at home, as well as about pet birds and mouldy rooms.",
    ];

    public const string WeWorkUrl = "https://tech.example.org/wework-attorney-general";
    public const string WeWorkTitle = "New York attorney general reportedly investigating WeWork";
    public static readonly string[] WeWork =
    [
        "New York's attorney general has opened an inquiry into WeWork, the co-working start-up that leases office space and rents it out to freelancers and small firms, according to people familiar with the matter.",
        "Investigators are said to be looking at whether Adam Neumann, WeWork's co-founder, profited from leasing buildings he partly owned back to the start-up.",
        "The inquiry comes weeks after WeWork abandoned its plans to list its shares on the stock market, when investors balked at its losses and its governance.",
        "WeWork is one of the largest tenants of office buildings in Manhattan, and landlords have worried that its retreat could leave floors of commercial property empty.",
        "Analysts said WeWork's troubles had already cooled the market for flexible office space, as rivals in coworking slowed their expansion.",
        "A company spokesperson said in an email that WeWork was cooperating with the attorney general's office.",
    ];

    public const string CemeteryUrl = "https://local.example.org/cemetery-owner-plea";
    public const string CemeteryTitle = "Cemetery owner pleads guilty to reselling burial plots";
    public static readonly string[] Cemetery =
    [
        "The owner of a cemetery in western Pennsylvania pleaded guilty on Tuesday to selling burial plots that had already been sold to other families.",
        "Prosecutors said the man resold more than forty plots over six years, and in several cases buried people in graves that belonged to someone else.",
        "Families discovered the scheme when relatives arrived for a funeral and found a stranger's headstone on the plot they had paid for in the 1990s.",
        "He faces up to seven years in prison when he is sentenced in the spring, and has agreed to repay the families.",
        "The county has since taken over the cemetery's records and is trying to work out who is buried where.",
    ];

    public const string GermanUrl = "https://zeitung.example.de/politik/schulreform";
    public const string GermanTitle = "Die Landesregierung plant eine Reform der Grundschulen";
    public static readonly string[] German =
    [
        "Die Landesregierung will die Grundschulen im kommenden Jahr grundlegend reformieren und mehr Lehrerinnen und Lehrer einstellen.",
        "Nach den Plänen des Kultusministeriums sollen die Klassen kleiner werden und der Unterricht in Mathematik und Deutsch mehr Stunden bekommen.",
        "Die Gewerkschaft der Lehrkräfte begrüßte die Pläne, kritisierte aber, dass die Finanzierung für die nächsten Jahre noch nicht gesichert sei.",
        "Eltern und Schulleitungen hatten seit Jahren über den Mangel an Lehrkräften und über zu große Klassen geklagt.",
        "Der Landtag soll im Frühjahr über das Gesetz abstimmen, das dann zum neuen Schuljahr in Kraft treten würde.",
    ];

    public const string FrenchUrl = "https://journal.example.fr/culture/musee";
    public const string FrenchTitle = "Le musée de la ville rouvre ses portes après trois ans de travaux";
    public static readonly string[] French =
    [
        "Le musée des beaux-arts de la ville rouvre ses portes ce samedi, après trois ans de travaux de rénovation et d'agrandissement.",
        "Les visiteurs pourront découvrir de nouvelles salles consacrées à la peinture du dix-neuvième siècle, ainsi qu'un espace pour les expositions temporaires.",
        "La première exposition présente une centaine d'œuvres prêtées par des musées européens, dont plusieurs tableaux jamais montrés en France.",
        "Le directeur du musée espère accueillir plus de deux cent mille visiteurs par an, soit deux fois plus qu'avant les travaux.",
        "L'entrée sera gratuite pour les moins de vingt-six ans et pour tous les visiteurs le premier dimanche du mois.",
    ];

    /// <summary>A page as a browser sends it, declaring its language the way sites do.</summary>
    public static string Html(string title, IEnumerable<string> paragraphs, string url, string language = "en") => $"""
        <!doctype html>
        <html lang="{language}"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title>
        <link rel="canonical" href="{url}">
        </head><body><main><article><h1>{WebUtility.HtmlEncode(title)}</h1>
        {string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>\n"))}
        </article></main></body></html>
        """;
}
