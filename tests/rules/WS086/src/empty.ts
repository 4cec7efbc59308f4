const local = () => 1;
