-- Reference data the gateway checks milestones against. The programme office extends it
-- without a release; these rows are the starting point.

-- Districts of the programme's city, with their administrative-division codes.
CREATE TABLE district (
    name          text        PRIMARY KEY,
    division_code char(6)     NOT NULL UNIQUE,
    added_at      timestamptz NOT NULL DEFAULT now()
);

INSERT INTO district (name, division_code) VALUES
    ('思明区', '350203'), ('海沧区', '350205'), ('湖里区', '350206'),
    ('集美区', '350211'), ('同安区', '350212'), ('翔安区', '350213');

-- Industries of the city's "4+4+6" modern industrial system.
CREATE TABLE industry (
    name     text        PRIMARY KEY,
    added_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO industry (name) VALUES
    ('电子信息'), ('光学视讯'), ('光电信息材料'), ('新能源'), ('航空无人机'), ('船舶卫星通信'),
    ('生物医药'), ('新材料');

-- USCCs that are legally issued yet fail the GB 32100-2015 check character (some codes
-- issued early in Fujian pilot regions): accepted as they are.
CREATE TABLE uscc_exception (
    uscc     char(18)    PRIMARY KEY,
    reason   text        NOT NULL,
    added_by text        NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now()
);
