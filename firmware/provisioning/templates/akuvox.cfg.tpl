## Written by the PBX for {{macColon}}
{{#accounts}}
Config.Account{{i}}.GENERAL.Enable = 1
Config.Account{{i}}.GENERAL.Label = {{label}}
Config.Account{{i}}.GENERAL.DisplayName = {{displayName}}
Config.Account{{i}}.GENERAL.AuthName = {{number}}
Config.Account{{i}}.GENERAL.UserName = {{number}}
Config.Account{{i}}.GENERAL.Pwd = {{password}}
Config.Account{{i}}.SIP.Server = {{server.host}}
Config.Account{{i}}.SIP.Port = {{server.port}}
Config.Account{{i}}.SIP.TransType = {{server.transportCode}}
{{/accounts}}
Config.Settings.CALLWAITING.Enable = {{callWaiting}}
Config.Contact.LDAP.Enable = 1
Config.Contact.LDAP.Server = {{ldap.host}}
Config.Contact.LDAP.Port = {{ldap.port}}
Config.Contact.LDAP.Base = {{ldap.base}}
Config.Contact.LDAP.NameFilter = {{ldap.nameFilter}}
Config.Contact.LDAP.NumberFilter = {{ldap.numberFilter}}
Config.Contact.LDAP.NameAttr = {{ldap.nameAttributes}}
Config.Contact.LDAP.NumberAttr = {{ldap.numberAttributes}}
Config.Contact.LDAP.Version = 3
