<?xml version="1.0" encoding="utf-8"?>
<!-- Written by the PBX for {{macColon}} -->
<settings>
  <phone-settings e="2">
{{#accounts}}
    <user_active idx="{{i}}" perm="">on</user_active>
    <user_realname idx="{{i}}" perm="">{{displayName}}</user_realname>
    <user_name idx="{{i}}" perm="">{{number}}</user_name>
    <user_pname idx="{{i}}" perm="">{{number}}</user_pname>
    <user_pass idx="{{i}}" perm="">{{password}}</user_pass>
    <user_host idx="{{i}}" perm="">{{server.host}}:{{server.port}};transport={{server.transport}}</user_host>
    <user_idle_text idx="{{i}}" perm="">{{label}}</user_idle_text>
{{/accounts}}
    <call_waiting perm="">{{callWaitingOnOff}}</call_waiting>
    <ldap_server perm="">{{ldap.host}}</ldap_server>
    <ldap_port perm="">{{ldap.port}}</ldap_port>
    <ldap_base perm="">{{ldap.base}}</ldap_base>
    <ldap_username perm=""></ldap_username>
    <ldap_password perm=""></ldap_password>
    <ldap_search_filter perm="">{{ldap.nameFilter}}</ldap_search_filter>
    <ldap_number_filter perm="">{{ldap.numberFilter}}</ldap_number_filter>
    <ldap_name_attributes perm="">{{ldap.nameAttributes}}</ldap_name_attributes>
    <ldap_number_attributes perm="">{{ldap.numberAttributes}}</ldap_number_attributes>
    <ldap_display_name perm="">cn</ldap_display_name>
    <ldap_max_hits perm="">50</ldap_max_hits>
  </phone-settings>
  <functionKeys e="2">
{{#keys}}
{{#blf}}
    <fkey idx="{{index}}" context="{{line}}" label="{{label}}" perm="">blf sip:{{value}}@{{server.host}}</fkey>
{{/blf}}
{{#speed}}
    <fkey idx="{{index}}" context="{{line}}" label="{{label}}" perm="">speed {{value}}</fkey>
{{/speed}}
{{/keys}}
  </functionKeys>
</settings>
