#!version:1.0.0.1
## Written by the PBX for {{macColon}}
{{#accounts}}
account.{{i}}.enable = 1
account.{{i}}.label = {{label}}
account.{{i}}.display_name = {{displayName}}
account.{{i}}.user_name = {{number}}
account.{{i}}.auth_name = {{number}}
account.{{i}}.password = {{password}}
account.{{i}}.sip_server_host = {{server.host}}
account.{{i}}.sip_server_port = {{server.port}}
account.{{i}}.transport = {{server.transportCode}}
{{/accounts}}
call_waiting.enable = {{callWaiting}}
ldap.enable = 1
ldap.host = {{ldap.host}}
ldap.port = {{ldap.port}}
ldap.base = {{ldap.base}}
ldap.name_filter = {{ldap.nameFilter}}
ldap.number_filter = {{ldap.numberFilter}}
ldap.name_attr = {{ldap.nameAttributes}}
ldap.numb_attr = {{ldap.numberAttributes}}
ldap.version = 3
